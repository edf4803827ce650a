-- What is due: the proofs that end soon. A member's education or disability proof ending in the
-- next days is found by these ranges, not by reading every member of the register.
CREATE INDEX members_education_until ON members (education_until);
CREATE INDEX members_disability_until ON members (disability_until);
