package dev.tally.query.networkfee;

/** The network-fee book's totals per account and coin, and its newest {@code limit} entries. */
public record ListNetworkFees(int limit) {
    public static final int LIMIT_DEFAULT = 20;
    public static final int LIMIT_MAX = 100;
}
