package dev.tally.kernel.invoice;

import dev.tally.kernel.money.TokenAmount;

import java.math.BigDecimal;

/**
 * How many block confirmations an invoice's payments need. Fixed when the invoice is created: the
 * merchant's override, else by amount — under 100 tokens 1, under 10 000 tokens 12, otherwise 19 (Tron's
 * solidification depth).
 */
public final class ConfirmationPolicy {
    public static final int MIN_OVERRIDE = 1;
    public static final int MAX_OVERRIDE = 100;

    private static final BigDecimal SMALL_BELOW = BigDecimal.valueOf(100);
    private static final BigDecimal MEDIUM_BELOW = BigDecimal.valueOf(10_000);

    private ConfirmationPolicy() {
    }

    public static int requiredConfirmations(TokenAmount amount, Integer merchantOverride) {
        if (merchantOverride != null) {
            return merchantOverride;
        }
        BigDecimal tokens = amount.toDecimal();
        if (tokens.compareTo(SMALL_BELOW) < 0) {
            return 1;
        }
        if (tokens.compareTo(MEDIUM_BELOW) < 0) {
            return 12;
        }
        return 19;
    }
}
