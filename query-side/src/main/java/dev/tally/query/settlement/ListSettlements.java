package dev.tally.query.settlement;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

import java.time.Instant;

/**
 * A page of one merchant's settlements of one mode, newest first. Filters are optional (null): the invoice, and the
 * creation time from (inclusive) and to (exclusive). {@code cursor} is the {@link SettlementPage#nextCursor()} of the
 * previous page. Answers {@link SettlementPage}.
 */
public record ListSettlements(MerchantId merchantId, InvoiceId invoiceId, Instant from, Instant to, int limit,
                              String cursor, Mode mode) {
    public ListSettlements {
        mode = Mode.orLive(mode);
    }

    /** Live settlements. */
    public ListSettlements(MerchantId merchantId, InvoiceId invoiceId, Instant from, Instant to, int limit,
                           String cursor) {
        this(merchantId, invoiceId, from, to, limit, cursor, Mode.LIVE);
    }

    public static final int LIMIT_DEFAULT = 20;
    public static final int LIMIT_MAX = 100;
}
