package dev.tally.command.funds;

import dev.tally.kernel.money.Chain;

/**
 * Tally's own addresses, which can never be a payout's destination: a payout there would come back as a payment.
 * Implemented by the deposit-address book.
 */
public interface OwnAddresses {
    /** Whether the address is one of Tally's deposit addresses on the chain, of any invoice, merchant or mode. */
    boolean isDepositAddress(Chain chain, String address);
}
