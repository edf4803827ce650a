DROP INDEX families_newest;
DROP INDEX families_reference_trgm;
DROP INDEX members_name_trgm;
