-- Family search through indexes, also with millions of families.
--
-- A member's name in part: an FTS5 index with the trigram tokenizer (case-insensitive), which
-- finds any substring of three characters or more. FTS5 needs stable integer row ids, and a
-- table without an INTEGER PRIMARY KEY (members) may get new ones from VACUUM, so the names
-- are kept in member_names, whose ids are its own, in step with members through triggers.
CREATE TABLE member_names (
    id INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL UNIQUE,
    name_ascii TEXT NOT NULL
);
CREATE VIRTUAL TABLE member_names_fts USING fts5(
    name_ascii, content = 'member_names', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER member_names_fts_insert AFTER INSERT ON member_names BEGIN
    INSERT INTO member_names_fts (rowid, name_ascii) VALUES (new.id, new.name_ascii);
END;
CREATE TRIGGER member_names_fts_delete AFTER DELETE ON member_names BEGIN
    INSERT INTO member_names_fts (member_names_fts, rowid, name_ascii)
        VALUES ('delete', old.id, old.name_ascii);
END;
CREATE TRIGGER member_names_fts_update AFTER UPDATE OF name_ascii ON member_names BEGIN
    INSERT INTO member_names_fts (member_names_fts, rowid, name_ascii)
        VALUES ('delete', old.id, old.name_ascii);
    INSERT INTO member_names_fts (rowid, name_ascii) VALUES (new.id, new.name_ascii);
END;
CREATE TRIGGER members_names_insert AFTER INSERT ON members BEGIN
    INSERT INTO member_names (member_id, name_ascii) VALUES (new.id, new.name_ascii);
END;
CREATE TRIGGER members_names_update AFTER UPDATE OF name_ascii ON members BEGIN
    UPDATE member_names SET name_ascii = new.name_ascii WHERE member_id = new.id;
END;
CREATE TRIGGER members_names_delete AFTER DELETE ON members BEGIN
    DELETE FROM member_names WHERE member_id = old.id;
END;
INSERT INTO member_names (member_id, name_ascii) SELECT id, name_ascii FROM members;

-- The start of a name (a search of one or two characters) and of a reference: ranges of an
-- index on the lower-cased text.
CREATE INDEX members_name_lower ON members (lower(name_ascii)) WHERE removed_at IS NULL;
CREATE INDEX families_reference_lower ON families (lower(reference)) WHERE erased_at IS NULL;
CREATE INDEX families_newest ON families (created_at DESC, id) WHERE erased_at IS NULL;
