package dev.tally.query.payout;

import dev.tally.kernel.payout.PayoutView;

import java.util.List;

/**
 * One page of payouts, newest first ({@code nextCursor} null on the last page), with the balances they draw on and
 * the payout schedule.
 */
public record PayoutPage(List<FundsBalanceView> balances, PayoutScheduleView schedule, List<PayoutView> items,
                         String nextCursor) {
    public PayoutPage {
        balances = List.copyOf(balances);
        items = List.copyOf(items);
    }
}
