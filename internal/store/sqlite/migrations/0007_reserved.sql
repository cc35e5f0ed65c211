-- Version 7 is another branch's migration; this placeholder keeps the
-- versions without a gap until that branch lands, and goes then.
SELECT 1;
