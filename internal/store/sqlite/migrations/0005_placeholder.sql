-- Placeholder for the migration another branch adds as 0005. Drop this file
-- at merge: versions must run without gaps, and this branch's own migration
-- is 0006_membership.sql.
SELECT 1;
