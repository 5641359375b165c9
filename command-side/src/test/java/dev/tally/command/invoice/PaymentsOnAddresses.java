package dev.tally.command.invoice;

import dev.tally.kernel.ids.InvoiceId;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What the aggregate tests know of deposit addresses: which invoices' addresses had a payment matched. The real
 * guard (the address book's row lock in PostgreSQL) is tested in {@code DepositAddressBookTest}.
 */
final class PaymentsOnAddresses implements CancellationGuard {
    private final Set<InvoiceId> paid = new HashSet<>();

    void paymentMatched(InvoiceId invoiceId) {
        paid.add(invoiceId);
    }

    @Override
    public boolean closeUnlessPaid(InvoiceId invoiceId, Instant at) {
        return !paid.contains(invoiceId);
    }
}
