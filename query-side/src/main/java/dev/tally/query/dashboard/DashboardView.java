package dev.tally.query.dashboard;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

import java.util.List;

/** A merchant's totals, one entry per asset it invoiced in. Amounts are decimal strings. */
public record DashboardView(MerchantId merchantId, List<AssetTotals> assets, Mode mode) {
    public DashboardView {
        assets = List.copyOf(assets);
    }
}
