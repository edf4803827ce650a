DROP TABLE family_links;
