package dev.tally.command.settlement;

import dev.tally.kernel.money.Asset;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

import java.util.Arrays;

/**
 * Settings of settlements ({@code tally.settlement.*}). A bean of its own (found by the command side's component
 * scan) so that {@link Settlement}'s command handler can take it as a parameter.
 */
@Component
@ConfigurationProperties("tally.settlement")
public class SettlementProperties {
    /** The most decimals a fee can be rounded to: the fewest decimals of any accepted asset. */
    static final int FEE_SCALE_MAX = Arrays.stream(Asset.values()).mapToInt(Asset::decimals).min().orElse(0);

    /** Decimals the platform fee is rounded to, half-up (2: the cent). */
    private int feeScale = 2;

    public int getFeeScale() {
        return feeScale;
    }

    public void setFeeScale(int feeScale) {
        if (feeScale < 0 || feeScale > FEE_SCALE_MAX) {
            throw new IllegalArgumentException("tally.settlement.fee-scale must be 0 to " + FEE_SCALE_MAX);
        }
        this.feeScale = feeScale;
    }
}
