-- Cheaper compliance writes, for PostgreSQL, decided after measuring.
--
-- Writing a million events took 10-15 s. About a third of it went to the
-- foreign key from cause_id to compliance_causes: one lookup, by a trigger,
-- per event. The key is dropped. The driver checks that every event's cause
-- exists before it writes (AddComplianceEvents, to name a missing cause as
-- ErrNotFound), under the lock that serializes Updates, and causes are
-- never deleted, so a cause found there still exists at commit.
--
-- The configuration_arn index is dropped too: its entries (long ARNs) go in
-- at scattered places, and dropping it as well as the key took a further
-- 20-30% off the same write. chatgov always adds the configuration's
-- account, which the ARN holds, to a query by ARN, so the planner reaches
-- those events through compliance_events_account_id, on (account_id, id),
-- and filters them by ARN. A query by ARN alone scans the whole table.
ALTER TABLE compliance_events DROP CONSTRAINT compliance_events_cause_id_fkey;
DROP INDEX compliance_events_configuration_arn;
