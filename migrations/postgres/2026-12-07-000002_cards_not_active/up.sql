-- The cards whose status list entry is not the list's zero (valid): start-up reads only these.
CREATE INDEX cards_not_active ON cards (municipality, status_index) WHERE status <> 'active';
