-- Erasure under the retention rule: the before/after snapshots of an erased family's audit
-- records are reduced to ids, card numbers, states and dates. That is the one change the trail
-- allows: a record of a family that is not erased, and every other column of any record, stay
-- append-only, and nothing deletes a record.
DROP TRIGGER audit_events_no_update;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id
    OR NEW.actor IS NOT OLD.actor OR NEW.municipality IS NOT OLD.municipality
    OR NEW.action IS NOT OLD.action OR NEW.family_id IS NOT OLD.family_id
    OR NEW.card_id IS NOT OLD.card_id OR NEW.subject_id IS NOT OLD.subject_id
    OR NOT EXISTS (SELECT 1 FROM families
        WHERE families.id = OLD.family_id AND families.erased_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
