package dev.tally.watcher.send;

import java.math.BigInteger;
import java.util.Optional;

import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.signing.TransferDraft;

/**
 * A chain whose transactions are paid with resources an account can delegate to another (Tron's energy, from staked
 * TRX): what a sweep needs to use the platform's staked energy instead of burning the coin.
 */
public interface EnergyDelegation {

    /** The energy a transfer of the token from {@code from} to {@code to} uses, as the node estimates it now. */
    long energyUse(String from, String to, TokenAmount amount);

    /** The coin (SUN) a transfer burns for its bandwidth when the account has none left. */
    BigInteger bandwidthFee();

    /**
     * The staked coin (SUN) {@code owner} delegates for {@code energy} now, with room for the price to move; empty
     * when it cannot delegate that much beside the {@code reserved} SUN its delegations on their way hold.
     */
    Optional<BigInteger> stakeFor(String owner, long energy, BigInteger reserved);

    /** The staked coin (SUN) {@code owner} delegates to {@code receiver} now, as the node's newest state says. */
    BigInteger delegatedNow(String owner, String receiver);

    /** The unsigned, unlocked delegation of the energy of {@code staked} SUN from {@code owner} to {@code receiver}. */
    TransferDraft delegation(String owner, String receiver, BigInteger staked);

    /** The unsigned undelegation: {@code owner} takes back the energy of {@code staked} SUN from {@code receiver}. */
    TransferDraft undelegation(String owner, String receiver, BigInteger staked);

    /** The staked SUN a signed delegation ({@code rawTransaction}, hex) delegates. */
    BigInteger delegated(String rawTransaction);
}
