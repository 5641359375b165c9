package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;

import java.time.LocalDate;

/** A merchant's unapplied funds that arose between two UTC dates, inclusive. */
public record ListUnappliedFunds(MerchantId merchantId, LocalDate from, LocalDate to) {
}
