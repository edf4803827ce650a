-- SQLite searches references through a range of families_reference_lower already; PostgreSQL's index only.
SELECT 1;
