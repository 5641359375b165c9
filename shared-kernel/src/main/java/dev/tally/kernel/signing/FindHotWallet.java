package dev.tally.kernel.signing;

import java.util.Objects;

import dev.tally.kernel.money.Chain;

/** Asks the signer for the address of its hot wallet on {@code chain} (answered with a {@code String}). */
public record FindHotWallet(Chain chain) {
    public FindHotWallet {
        Objects.requireNonNull(chain, "chain");
    }
}
