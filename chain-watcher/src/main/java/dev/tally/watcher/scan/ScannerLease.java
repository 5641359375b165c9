package dev.tally.watcher.scan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.Optional;

/**
 * The right to scan one chain, held by one process at a time: a row in {@code watcher.scanner_leases} with an expiry
 * on the database's clock. The holder renews it at every poll and, as a fence, in the transaction of every block it
 * commits ({@link ScannerStore}): a process that lost its lease (it paused longer than the lease) cannot commit a
 * block or rewind the chain under its successor. A holder that dies is replaced once its lease has expired.
 */
public final class ScannerLease {
    private static final Logger log = LoggerFactory.getLogger(ScannerLease.class);

    private final JdbcClient jdbc;
    private final String chain;
    private final String holder;
    private final Duration duration;
    private volatile boolean held;

    public ScannerLease(JdbcClient jdbc, String chain, String holder, Duration duration) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.holder = holder;
        this.duration = duration;
    }

    /** Renews the lease when this process holds it, or takes it when it is free or expired; whether it holds it. */
    public boolean holdOrTake() {
        Optional<String> now = jdbc.sql("""
                INSERT INTO watcher.scanner_leases (chain, holder, taken_at, expires_at)
                VALUES (:chain, :holder, now(), now() + :ms * interval '1 millisecond')
                ON CONFLICT (chain) DO UPDATE SET holder = EXCLUDED.holder,
                    taken_at = CASE WHEN watcher.scanner_leases.holder = EXCLUDED.holder
                                    THEN watcher.scanner_leases.taken_at ELSE now() END,
                    expires_at = EXCLUDED.expires_at
                WHERE watcher.scanner_leases.holder = EXCLUDED.holder OR watcher.scanner_leases.expires_at < now()
                RETURNING holder""")
                                   .param("chain", chain).param("holder", holder).param("ms", duration.toMillis())
                                   .query(String.class).optional();
        boolean holds = now.isPresent();
        if (holds != held) {
            log.info(holds ? "{}: this process ({}) scans the chain now" : "{}: another process scans the chain; "
                             + "this one ({}) stands by", chain, holder);
        }
        held = holds;
        return holds;
    }

    /**
     * In the caller's transaction: renews the lease if this process still holds it. A block is committed only
     * under a lease; a lost one rolls its transaction back. An expired lease that nobody took over is still this
     * process's (a slow node call must not make the only watcher drop its own block).
     *
     * @throws LeaseLostException when another process holds the lease now
     */
    void fence() {
        int renewed = jdbc.sql("""
                UPDATE watcher.scanner_leases SET expires_at = now() + :ms * interval '1 millisecond'
                WHERE chain = :chain AND holder = :holder""")
                          .param("chain", chain).param("holder", holder).param("ms", duration.toMillis())
                          .update();
        if (renewed == 0) {
            held = false;
            throw new LeaseLostException(chain, holder);
        }
    }

    /** Gives the chain up at once (a clean stop), so another process need not wait for the expiry. */
    public void release() {
        jdbc.sql("DELETE FROM watcher.scanner_leases WHERE chain = :chain AND holder = :holder")
            .param("chain", chain).param("holder", holder).update();
        held = false;
    }

    /**
     * A new holder name for this process: process id, host and a random part (a restarted process, or a second
     * application context in one JVM, is another holder).
     */
    public static String newHolder() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return ProcessHandle.current().pid() + "@" + host + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    public boolean held() {
        return held;
    }

    public String chain() {
        return chain;
    }

    /** This process no longer holds the chain's lease: what it was about to commit is rolled back. */
    public static final class LeaseLostException extends IllegalStateException {
        LeaseLostException(String chain, String holder) {
            super(chain + ": the scanner lease of " + holder + " was lost to another process");
        }
    }
}
