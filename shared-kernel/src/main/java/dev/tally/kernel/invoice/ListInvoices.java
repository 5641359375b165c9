package dev.tally.kernel.invoice;

import dev.tally.kernel.mode.Mode;

import dev.tally.kernel.ids.MerchantId;

import java.time.Instant;

/**
 * A page of one merchant's invoices of one mode, newest first. Filters are optional (null). {@code cursor} is the opaque
 * {@link InvoicePage#nextCursor()} of the previous page. Answers {@link InvoicePage}.
 */
public record ListInvoices(
        MerchantId merchantId,
        Mode mode,
        InvoiceStatus status,
        String orderId,
        Instant createdFrom,
        Instant createdTo,
        int limit,
        String cursor) {
    public static final int LIMIT_DEFAULT = 20;
    public static final int LIMIT_MAX = 100;
}
