package dev.tally.kernel.settlement;

import dev.tally.kernel.money.TokenAmount;

/** A gross amount split into the platform's fee and the merchant's net; gross = fee + net, exactly. */
public record FeeSplit(TokenAmount gross, TokenAmount fee, TokenAmount net) {
    public FeeSplit {
        if (fee.plus(net).compareTo(gross) != 0) {
            throw new IllegalArgumentException("fee + net must equal gross: " + fee + " + " + net + " != " + gross);
        }
    }
}
