package dev.tally.query.dashboard;

import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.money.Asset;

import java.time.Instant;
import java.util.Map;

/**
 * One asset on a merchant's dashboard: settled gross volume, the platform fees taken from it and the net paid out
 * (gross = fees + net), invoice counts by current status, and the share of invoices that were paid
 * ({@code conversionRate}, a decimal string from "0.0000" to "1.0000").
 */
public record AssetTotals(Asset asset, String grossVolume, String feesCollected, String net, int settlements,
                          int invoices, int paidInvoices, String conversionRate,
                          Map<InvoiceStatus, Integer> invoicesByStatus, Instant lastPaymentAt, Instant updatedAt) {
    public AssetTotals {
        invoicesByStatus = Map.copyOf(invoicesByStatus);
    }
}
