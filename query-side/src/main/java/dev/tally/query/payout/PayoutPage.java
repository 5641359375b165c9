package dev.tally.query.payout;

import dev.tally.kernel.payout.PayoutView;

import java.util.List;

/** One page of payouts, newest first ({@code nextCursor} null on the last page), and the balances they draw on. */
public record PayoutPage(List<FundsBalanceView> balances, List<PayoutView> items, String nextCursor) {
    public PayoutPage {
        balances = List.copyOf(balances);
        items = List.copyOf(items);
    }
}
