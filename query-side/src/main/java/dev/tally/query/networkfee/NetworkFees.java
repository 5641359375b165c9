package dev.tally.query.networkfee;

import java.time.Instant;
import java.util.List;

/**
 * The network-fee book as the operator reads it: per account and coin, what was debited and credited (exact decimal
 * strings), and the newest entries.
 */
public record NetworkFees(List<Total> totals, List<Entry> entries) {
    public NetworkFees {
        totals = List.copyOf(totals);
        entries = List.copyOf(entries);
    }

    /** An account's legs in one coin. */
    public record Total(String account, String coin, String debits, String credits) {
    }

    /**
     * One transaction's fee.
     *
     * @param causeKind  {@code payout}, {@code refund}, {@code sweep} or {@code sweep-gas}
     * @param merchantId whose payout or refund it was; null for a sweep
     */
    public record Entry(String id, String causeKind, String causeId, String merchantId, String chain, String coin,
                        String amount, String debitAccount, String creditAccount, String txHash, Instant bookedAt) {
    }
}
