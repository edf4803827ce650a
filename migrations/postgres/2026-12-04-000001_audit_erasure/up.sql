-- Erasure under the retention rule: the before/after snapshots of an erased family's audit
-- records are reduced to ids, card numbers, states and dates. That is the one change the trail
-- allows: a record of a family that is not erased, and every other column of any record, stay
-- append-only, and nothing deletes or truncates a record.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor, NEW.municipality, NEW.action,
             NEW.family_id, NEW.card_id, NEW.subject_id)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.at, OLD.actor_id, OLD.actor, OLD.municipality, OLD.action,
             OLD.family_id, OLD.card_id, OLD.subject_id)
        AND EXISTS (SELECT 1 FROM families
            WHERE families.id = OLD.family_id AND families.erased_at IS NOT NULL)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only';
END
$$ LANGUAGE plpgsql;
