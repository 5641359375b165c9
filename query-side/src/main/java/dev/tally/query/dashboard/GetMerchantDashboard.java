package dev.tally.query.dashboard;

import dev.tally.kernel.ids.MerchantId;

/** A merchant's dashboard totals; answers {@link DashboardView} (empty totals for a merchant without invoices). */
public record GetMerchantDashboard(MerchantId merchantId) {
}
