package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

import java.time.LocalDate;

/** A merchant's unapplied funds that arose between two UTC dates, inclusive. */
public record ListUnappliedFunds(MerchantId merchantId, LocalDate from, LocalDate to, Mode mode) {
    public ListUnappliedFunds {
        mode = Mode.orLive(mode);
    }

    /** The live books'. */
    public ListUnappliedFunds(MerchantId merchantId, LocalDate from, LocalDate to) {
        this(merchantId, from, to, Mode.LIVE);
    }
}
