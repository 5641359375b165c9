package dev.tally.kernel.funds;

/** The deadline of a daily payout schedule, for the UTC day {@code day} (ISO date): one payout at most per day. */
public record DailyPayoutDue(String day) {
}
