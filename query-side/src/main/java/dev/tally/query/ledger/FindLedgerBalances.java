package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;

/**
 * The operator's view: every merchant's balances (or only {@code merchantId}'s, when given), the platform's fee
 * revenue, and whether the ledger balances. Answers {@link LedgerBalances}.
 */
public record FindLedgerBalances(MerchantId merchantId) {
}
