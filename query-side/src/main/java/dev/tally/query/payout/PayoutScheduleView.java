package dev.tally.query.payout;

import dev.tally.kernel.funds.PayoutScheduleKind;

import java.time.Instant;

/**
 * When the available balance is paid out unasked: {@code manual} (never), {@code threshold} (once it reaches
 * {@code amount}) or {@code daily} (when it is at least {@code amount}; first run {@code nextRunAt}, then every day at
 * that time, UTC), on {@code chain}.
 */
public record PayoutScheduleView(String chain, PayoutScheduleKind kind, String amount, Instant nextRunAt) {
    static final PayoutScheduleView MANUAL = new PayoutScheduleView(null, PayoutScheduleKind.MANUAL, null, null);
}
