package dev.tally.command.address;

import dev.tally.kernel.money.Chain;

/** A real chain (a node endpoint is configured) without the xpub its deposit addresses must derive from. */
public class DepositKeysMissingException extends IllegalStateException {
    private final String property;

    DepositKeysMissingException(Chain chain, String entry) {
        super("tally.chains." + chain.code() + ".xpub must be set: tally.chains." + entry + " watches a real "
              + chain.code() + " node, and its deposit addresses must derive from your wallet's account xpub ("
              + ChainKeys.accountPath(chain) + "). Development keys are never used for real funds.");
        this.property = "tally.chains." + chain.code() + ".xpub";
    }

    /** The property to set. */
    public String property() {
        return property;
    }
}
