package dev.tally.kernel.invoice;

import java.util.List;

/** One page of invoices; {@code nextCursor} is null on the last page. */
public record InvoicePage(List<InvoiceView> items, String nextCursor) {
    public InvoicePage {
        items = List.copyOf(items);
    }
}
