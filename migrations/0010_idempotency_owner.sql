-- The server process that claimed an idempotency key, as the key of the session advisory
-- lock it holds while alive (see server/src/liveness.rs). When that lock is free, the
-- claimant died, and a retry may take the key over at once instead of after it goes stale.
alter table idempotency_key add column owner integer;
