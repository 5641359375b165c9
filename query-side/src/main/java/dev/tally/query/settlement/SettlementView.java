package dev.tally.query.settlement;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;

/** A settlement as its merchant reads it, with full fee transparency. Amounts are decimal strings. */
@Schema(description = "A settlement with its fee split: grossAmount = platformFeeAmount + netAmount exactly.")
public record SettlementView(
        @Schema(example = "stl_3kT9aBcDeFgH") SettlementId id,
        @Schema(example = "inv_3kT9aBcDeFgH") InvoiceId invoiceId,
        @Schema(example = "USDT") Asset asset,
        @Schema(description = "Everything confirmed for the invoice", example = "9.99") String grossAmount,
        @Schema(description = "The platform's fee, rounded half-up at the fee scale", example = "0.10")
        String platformFeeAmount,
        @Schema(description = "The fee rate in percent (100 basis points = \"1.00\")", example = "1.00")
        String platformFeePercentage,
        @Schema(description = "What the merchant receives", example = "9.89") String netAmount,
        SettlementStatus status,
        Instant createdAt,
        @Schema(description = "When the net was credited; null while PENDING") Instant completedAt,
        @Schema(description = "live or test: its invoice's mode") Mode mode) {

    /** Basis points as a percentage with two decimals: 100 → "1.00", 250 → "2.50", 5 → "0.05". */
    public static String percentage(int basisPoints) {
        return BigDecimal.valueOf(basisPoints, 2).toPlainString();
    }
}
