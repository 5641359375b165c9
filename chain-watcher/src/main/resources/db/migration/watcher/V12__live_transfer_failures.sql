-- Why a kept live transfer could not be handed to its node, and since when (cleared once it is): what the
-- money-out health component reports.
ALTER TABLE watcher.live_transfers ADD COLUMN last_error text;
ALTER TABLE watcher.live_transfers ADD COLUMN failing_since timestamptz;
