package dev.tally.query.ledger;

import dev.tally.kernel.money.Asset;
import io.swagger.v3.oas.annotations.media.Schema;

/** An amount of one asset, as a decimal string. */
public record AssetAmount(
        @Schema(example = "USDT") Asset asset,
        @Schema(description = "Decimal string", example = "0.10") String amount) {
}
