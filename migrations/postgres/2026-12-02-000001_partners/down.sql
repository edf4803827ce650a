DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE role = 'partner');
DELETE FROM accounts WHERE role = 'partner';
ALTER TABLE accounts DROP CONSTRAINT accounts_partner_bound;
ALTER TABLE accounts DROP COLUMN partner_id;
ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check
    CHECK (role IN ('clerk', 'supervisor', 'admin'));
DROP TABLE card_uses;
DROP TABLE partner_tills;
DROP TABLE partner_applications;
DROP TABLE offers;
DROP TABLE partner_locations;
DROP TABLE partners;
DROP EXTENSION IF EXISTS pg_trgm;
