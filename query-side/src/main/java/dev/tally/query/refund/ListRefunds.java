package dev.tally.query.refund;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

/** A page of the merchant's refunds, newest first; of one invoice when {@code invoiceId} is given. */
public record ListRefunds(MerchantId merchantId, Mode mode, InvoiceId invoiceId, int limit, String cursor) {
    public static final int LIMIT_DEFAULT = 20;
    public static final int LIMIT_MAX = 100;
}
