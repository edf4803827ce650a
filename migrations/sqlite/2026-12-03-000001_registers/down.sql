DROP TABLE imports;
ALTER TABLE members DROP COLUMN erased_at;
ALTER TABLE families DROP COLUMN erased_at;
DROP INDEX families_municipality_reference;
DROP INDEX members_birth_date;
DROP INDEX cards_kid;
DROP INDEX cards_due;
ALTER TABLE cards DROP COLUMN printed_at;
DROP TABLE retired_status_indexes;
