DROP INDEX members_disability_until;
DROP INDEX members_education_until;
