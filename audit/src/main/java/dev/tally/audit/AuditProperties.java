package dev.tally.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/** {@code tally.audit.*}: the hash chain, checkpoint signing, exports and projection rebuilds. */
@ConfigurationProperties("tally.audit")
public class AuditProperties {
    /** Whether this process links new events into the hash chain (one linker at a time, by advisory lock). */
    private boolean chainEnabled = true;
    /** How often the linker looks for new events. */
    private Duration linkInterval = Duration.ofSeconds(1);
    /** Events linked per transaction. */
    private int linkBatchSize = 1000;
    /**
     * How long a missing global index is waited for before the chain links past it: an index is missing while its
     * transaction is still running, and forever once it rolled back.
     */
    private Duration gapTimeout = Duration.ofSeconds(30);
    /**
     * The Ed25519 key that signs checkpoints (a properties file with base64 {@code private}/{@code public}
     * entries, PKCS#8 and X.509). Generated and written there, readable by the owner only, when missing.
     */
    private Path signingKeyFile = Path.of(System.getProperty("user.home"), ".tally", "audit-signing-key.properties");
    /** Rows fetched per round trip when streaming exports and verifications. */
    private int fetchSize = 1000;
    /** Events handled per unit of work when a projection is rebuilt (batch hooks run, JPA state is flushed). */
    private int rebuildBatchSize = 500;
    /**
     * Projections of one rebuild replayed at once, each in its own transaction on a thread and a connection of its
     * own. A replay mostly waits for PostgreSQL, so two keep a small machine's cores busy.
     */
    private int rebuildParallelism = 2;
    /** Finished rebuilds remembered for the API and the Actuator endpoint (in memory, per process). */
    private int rebuildHistoryMax = 50;

    public boolean isChainEnabled() {
        return chainEnabled;
    }

    public void setChainEnabled(boolean chainEnabled) {
        this.chainEnabled = chainEnabled;
    }

    public Duration getLinkInterval() {
        return linkInterval;
    }

    public void setLinkInterval(Duration linkInterval) {
        this.linkInterval = linkInterval;
    }

    public int getLinkBatchSize() {
        return linkBatchSize;
    }

    public void setLinkBatchSize(int linkBatchSize) {
        this.linkBatchSize = linkBatchSize;
    }

    public Duration getGapTimeout() {
        return gapTimeout;
    }

    public void setGapTimeout(Duration gapTimeout) {
        this.gapTimeout = gapTimeout;
    }

    public Path getSigningKeyFile() {
        return signingKeyFile;
    }

    public void setSigningKeyFile(Path signingKeyFile) {
        this.signingKeyFile = signingKeyFile;
    }

    public int getFetchSize() {
        return fetchSize;
    }

    public void setFetchSize(int fetchSize) {
        this.fetchSize = fetchSize;
    }

    public int getRebuildBatchSize() {
        return rebuildBatchSize;
    }

    public void setRebuildBatchSize(int rebuildBatchSize) {
        this.rebuildBatchSize = rebuildBatchSize;
    }

    public int getRebuildParallelism() {
        return rebuildParallelism;
    }

    public void setRebuildParallelism(int rebuildParallelism) {
        if (rebuildParallelism < 1) {
            throw new IllegalArgumentException("tally.audit.rebuild-parallelism must be 1 or more");
        }
        this.rebuildParallelism = rebuildParallelism;
    }

    public int getRebuildHistoryMax() {
        return rebuildHistoryMax;
    }

    public void setRebuildHistoryMax(int rebuildHistoryMax) {
        this.rebuildHistoryMax = rebuildHistoryMax;
    }
}
