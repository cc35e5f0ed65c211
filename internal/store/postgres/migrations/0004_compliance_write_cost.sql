-- Cheaper compliance writes, for PostgreSQL, decided after measuring.
--
-- Writing a million events took 10-15 s. About a third of it went to the
-- foreign key from cause_id to compliance_causes: one lookup, by a trigger,
-- per event. The key is dropped. The driver checks that every event's cause
-- exists before it writes (AddComplianceEvents, to name a missing cause as
-- ErrNotFound), under the lock that serializes Updates, and causes are
-- never deleted, so a cause found there still exists at commit.
--
-- The configuration_arn index is dropped too: every event's entry lands at
-- a random place in it. chatgov always adds the configuration's account
-- (which its ARN holds) to a query by ARN, so compliance_events_account_id,
-- on (account_id, id), still finds those events in ID order; a query by
-- ARN alone reads the table in primary-key order.
ALTER TABLE compliance_events DROP CONSTRAINT compliance_events_cause_id_fkey;
DROP INDEX compliance_events_configuration_arn;
