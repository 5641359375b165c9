package dev.tally.kernel.signing;

import java.util.Objects;

import dev.tally.kernel.money.Chain;

/**
 * Asks the signer for the address of the platform's resource account on {@code chain} (answered with a
 * {@code String}): on Tron, the account whose staked TRX gives the energy delegated to sweeping deposit addresses.
 */
public record FindResourceAccount(Chain chain) {
    public FindResourceAccount {
        Objects.requireNonNull(chain, "chain");
    }
}
