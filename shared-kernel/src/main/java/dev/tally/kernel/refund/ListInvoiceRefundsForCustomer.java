package dev.tally.kernel.refund;

import dev.tally.kernel.ids.InvoiceId;

/**
 * The refunds of an invoice as its customer may see them on the payment page: answers a list of
 * {@link RefundClaimView}, oldest first, without their claim links (a payment link may be seen by more people than
 * the customer the shop sends a claim link to).
 */
public record ListInvoiceRefundsForCustomer(InvoiceId invoiceId) {
}
