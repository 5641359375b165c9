package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One merchant's balances, one entry per asset. */
@Schema(description = "A merchant's balances, one entry per asset.")
public record MerchantBalances(
        @Schema(description = "The merchant", example = "mer_3kT9aBcDeFgH")
        MerchantId merchantId,
        List<AssetBalance> balances) {
    public MerchantBalances {
        balances = List.copyOf(balances);
    }
}
