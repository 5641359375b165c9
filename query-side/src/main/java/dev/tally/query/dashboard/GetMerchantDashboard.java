package dev.tally.query.dashboard;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

/** A merchant's dashboard totals; answers {@link DashboardView} (empty totals for a merchant without invoices). */
public record GetMerchantDashboard(MerchantId merchantId, Mode mode) {
    public GetMerchantDashboard {
        mode = Mode.orLive(mode);
    }

    /** The live figures. */
    public GetMerchantDashboard(MerchantId merchantId) {
        this(merchantId, Mode.LIVE);
    }
}
