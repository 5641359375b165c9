package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One merchant's balances, one entry per asset. */
@Schema(description = "A merchant's balances, one entry per asset.")
public record MerchantBalances(
        @Schema(description = "The merchant", example = "mer_3kT9aBcDeFgH")
        MerchantId merchantId,
        List<AssetBalance> balances,
        @Schema(description = "live or test: the books these balances are of") Mode mode) {
    public MerchantBalances {
        balances = List.copyOf(balances);
    }
}
