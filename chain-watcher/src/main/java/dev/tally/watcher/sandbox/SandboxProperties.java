package dev.tally.watcher.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The sandbox chain ({@code tally.sandbox.*}), where test-mode invoices are paid: on in every profile, so integrators
 * can test against a production deployment; a deployment that takes no test traffic turns it off.
 */
@ConfigurationProperties("tally.sandbox")
public class SandboxProperties {
    /**
     * Test mode: simulate a chain and offer the "pay this invoice" call for test invoices. Its money is not real, and
     * it never touches a live invoice. Off: test keys can create nothing.
     */
    private boolean enabled = true;
    /** Time between simulated blocks. */
    private Duration blockInterval = Duration.ofSeconds(3);
    /** Confirmations are reported until a transfer's block is this deep (more than any invoice needs). */
    private int confirmationDepth = 30;
    /** A block this many blocks below the head is final: a payment in it can no longer be reorganised away. */
    private int finalityDepth = 6;
    /**
     * One node at a time produces and scans the sandbox chain: it renews this lease with every block; when it dies,
     * another node takes over once the lease has expired.
     */
    private Duration lease = Duration.ofSeconds(15);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getBlockInterval() {
        return blockInterval;
    }

    public void setBlockInterval(Duration blockInterval) {
        if (blockInterval.isNegative() || blockInterval.isZero()) {
            throw new IllegalArgumentException("tally.sandbox.block-interval must be positive");
        }
        this.blockInterval = blockInterval;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("tally.sandbox.lease must be at least one second");
        }
        this.lease = lease;
    }

    public int getFinalityDepth() {
        return finalityDepth;
    }

    public void setFinalityDepth(int finalityDepth) {
        if (finalityDepth < 1 || finalityDepth > 1000) {
            throw new IllegalArgumentException("tally.sandbox.finality-depth must be 1 to 1000");
        }
        this.finalityDepth = finalityDepth;
    }

    public int getConfirmationDepth() {
        return confirmationDepth;
    }

    public void setConfirmationDepth(int confirmationDepth) {
        if (confirmationDepth < 1 || confirmationDepth > 1000) {
            throw new IllegalArgumentException("tally.sandbox.confirmation-depth must be 1 to 1000");
        }
        this.confirmationDepth = confirmationDepth;
    }
}
