-- Placeholder: migration 0009 is assigned to another branch. The migration
-- runner wants versions without gaps, so this empty step stands in for it
-- until that branch's file lands; delete this file then.
SELECT 1;
