package dev.tally.query.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.kernel.money.Asset;
import io.swagger.v3.oas.annotations.media.Schema;

/** A merchant's money in one asset, as decimal strings. */
@Schema(description = "A merchant's money in one asset. Amounts are decimal strings such as \"9.89\".")
public record AssetBalance(
        @Schema(description = "The token", example = "USDT")
        Asset asset,
        @Schema(description = "Payments detected on chain but not yet confirmed: not yet the merchant's, and "
                              + "released again if the payment fails or its block is orphaned.", example = "0.00")
        String incoming,
        @Schema(description = "Confirmed payments not yet settled (gross, before the platform fee).",
                example = "0.00")
        String pending,
        @Schema(description = "Settled to the merchant: the net of completed settlements, available at once.",
                example = "9.89")
        String available,
        @Schema(description = "The part of `available` whose payments are all final on chain: beyond the reach of a "
                              + "reorg, payable.", example = "9.89")
        @JsonProperty("final") String finalAmount,
        @Schema(description = "Confirmed money that pays no invoice: sent after an invoice was paid or cancelled, "
                              + "to an invoice that expired underpaid, or a late payment that fell short or was not "
                              + "accepted. The merchant's, to refund or apply; never fee revenue.", example = "0.00")
        String unapplied,
        @Schema(description = "The part of `final` that payouts and refunds not yet confirmed on chain hold.",
                example = "0.00")
        String payingOut,
        @Schema(description = "Paid out to the merchant on chain: its confirmed payouts, in total.", example = "0.00")
        String paidOut,
        @Schema(description = "Refunded to the merchant's customers on chain: its confirmed refunds in total (the "
                              + "merchant's share and the platform's fee given back).", example = "0.00")
        String refunded) {
}
