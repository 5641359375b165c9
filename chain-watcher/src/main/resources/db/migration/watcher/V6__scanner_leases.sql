-- One active scanner per chain across processes: the holder renews its lease with every block it commits (and at
-- every poll); another process takes the chain over only once the lease has expired. Times are the database's.
CREATE TABLE watcher.scanner_leases (
    chain      VARCHAR(64)  PRIMARY KEY,
    holder     VARCHAR(200) NOT NULL,
    taken_at   TIMESTAMPTZ  NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL
);
