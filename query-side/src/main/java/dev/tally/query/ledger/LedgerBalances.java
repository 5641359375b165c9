package dev.tally.query.ledger;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The operator's view of the ledger. */
@Schema(description = "Every merchant's balances and the platform's fee revenue (admin key only).")
public record LedgerBalances(
        @Schema(description = "Merchants with ledger accounts, by merchant id")
        List<MerchantBalances> merchants,
        @Schema(description = "Platform fees collected from completed settlements, per asset")
        List<AssetAmount> platformFeeRevenue,
        @Schema(description = "Network fees charged to merchants with their confirmed payouts, per asset (zero unless "
                              + "tally.payouts.network-fee charges them)")
        List<AssetAmount> platformNetworkFeesCharged,
        @Schema(description = "Whether, for every asset, the sum of all debits equals the sum of all credits "
                              + "(pending and posted separately). Always true unless the ledger has a bug.")
        boolean balanced) {
    public LedgerBalances {
        merchants = List.copyOf(merchants);
        platformFeeRevenue = List.copyOf(platformFeeRevenue);
        platformNetworkFeesCharged = List.copyOf(platformNetworkFeesCharged);
    }
}
