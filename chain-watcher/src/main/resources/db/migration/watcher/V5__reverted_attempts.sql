-- A transfer call of a reverted transaction is recorded as a failed attempt, never reported as a transfer.
ALTER TABLE watcher.ignored_transfer DROP CONSTRAINT ignored_transfer_reason_check;
ALTER TABLE watcher.ignored_transfer
    ADD CONSTRAINT ignored_transfer_reason_check CHECK (reason IN ('ZERO_VALUE', 'BELOW_DUST_THRESHOLD', 'REVERTED'));
