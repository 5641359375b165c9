package dev.tally.query.checkout;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * An invoice as its customer sees it (the payment page and the public API). Deliberately without any fee field, the
 * merchant's order id or metadata: the customer pays {@code amount}, and that is all they are told about money.
 * {@code amountPaid} counts confirmed payments; {@code confirmations} are those of the payment in progress;
 * {@code mode} test tells the customer it is paid on the sandbox chain only.
 */
public record PublicInvoiceView(InvoiceId id, InvoiceStatus status, String amount, Asset asset, Chain chain,
                                String depositAddress, String description, String amountPaid, String amountRemaining,
                                int confirmations, int requiredConfirmations, Instant expiresAt, Instant createdAt,
                                Instant updatedAt, Mode mode) {

    /** After these, nothing the customer does changes the invoice: the live stream ends. */
    static final Set<InvoiceStatus> FINAL_FOR_CUSTOMER = EnumSet.of(InvoiceStatus.SETTLED, InvoiceStatus.EXPIRED,
            InvoiceStatus.CANCELLED, InvoiceStatus.PARTIALLY_REFUNDED, InvoiceStatus.REFUNDED);

    public boolean finalForCustomer() {
        return FINAL_FOR_CUSTOMER.contains(status);
    }
}
