-- Placeholder: 0011 is PostgreSQL's change log (replicas), which SQLite, one
-- process's store, does not keep. The migration runner wants versions without
-- gaps, so this empty step keeps SQLite's numbers in step with PostgreSQL's;
-- replace it if a SQLite migration 0011 ever lands.
SELECT 1;
