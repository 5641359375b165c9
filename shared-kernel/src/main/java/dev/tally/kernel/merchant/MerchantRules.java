package dev.tally.kernel.merchant;

/** Limits on a merchant's settings, shared by the aggregate and the API's validation. */
public final class MerchantRules {
    public static final int DEFAULT_FEE_BASIS_POINTS = 100;
    public static final int MAX_FEE_BASIS_POINTS = 10_000;
    public static final int NAME_LENGTH_MAX = 200;

    private MerchantRules() {
    }
}
