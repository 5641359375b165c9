package dev.tally.command.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.CreateInvoice;
import dev.tally.kernel.invoice.InvoiceRules;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.InvalidAmountException;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.web.FieldError;
import dev.tally.platform.web.InvalidRequestException;
import dev.tally.platform.web.text.FreeText;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The body of {@code POST /api/v1/invoices}, checked field by field so that a 400 names every wrong field. */
public record CreateInvoiceRequest(
        @Schema(description = "Decimal string in whole tokens, at most 6 decimals", example = "12.50",
                requiredMode = Schema.RequiredMode.REQUIRED) String amount,
        @Schema(example = "USDT", requiredMode = Schema.RequiredMode.REQUIRED) String asset,
        @Schema(allowableValues = {"tron", "ethereum"}, requiredMode = Schema.RequiredMode.REQUIRED) String chain,
        @Schema(description = "The merchant's own order reference", example = "order-1042",
                requiredMode = Schema.RequiredMode.REQUIRED) String orderId,
        @FreeText String description,
        @Schema(description = "Flat string map, at most 4 KiB") Map<String, String> metadata,
        @Schema(description = "1 to 1440, default 15") Integer expiryMinutes) {

    CreateInvoice toCommand(InvoiceId invoiceId, MerchantId merchantId, Mode mode, BigDecimal maxAmount) {
        List<FieldError> errors = new ArrayList<>();
        Asset parsedAsset = null;
        if (asset == null || asset.isBlank()) {
            errors.add(new FieldError("asset", "is required"));
        } else {
            parsedAsset = Asset.fromCode(asset).orElse(null);
            if (parsedAsset == null) {
                errors.add(new FieldError("asset", "unsupported asset '" + asset + "'; supported: "
                        + Arrays.stream(Asset.values()).map(Asset::code).collect(Collectors.joining(", "))));
            }
        }
        TokenAmount parsedAmount = null;
        if (amount == null || amount.isBlank()) {
            errors.add(new FieldError("amount", "is required"));
        } else {
            // Checked even when the asset is wrong, so that one answer names every wrong field.
            try {
                parsedAmount = TokenAmount.parse(amount, parsedAsset == null ? Asset.USDT : parsedAsset);
                if (parsedAmount.isZero()) {
                    errors.add(new FieldError("amount", "must be greater than zero"));
                } else if (parsedAmount.toDecimal().compareTo(maxAmount) > 0) {
                    errors.add(new FieldError("amount", "must not exceed " + maxAmount.toPlainString()));
                }
            } catch (InvalidAmountException e) {
                errors.add(new FieldError("amount", e.getMessage()));
            }
        }
        Chain parsedChain = null;
        if (chain == null || chain.isBlank()) {
            errors.add(new FieldError("chain", "is required"));
        } else {
            parsedChain = Chain.fromCode(chain).orElse(null);
            if (parsedChain == null) {
                errors.add(new FieldError("chain", "unsupported chain '" + chain + "'; supported: "
                        + Arrays.stream(Chain.values()).map(Chain::code).collect(Collectors.joining(", "))));
            }
        }
        if (orderId == null || orderId.isBlank()) {
            errors.add(new FieldError("orderId", "is required"));
        } else if (orderId.strip().length() > InvoiceRules.ORDER_ID_LENGTH_MAX) {
            errors.add(new FieldError("orderId", "must be at most " + InvoiceRules.ORDER_ID_LENGTH_MAX + " characters"));
        }
        if (description != null && description.length() > InvoiceRules.DESCRIPTION_LENGTH_MAX) {
            errors.add(new FieldError("description",
                    "must be at most " + InvoiceRules.DESCRIPTION_LENGTH_MAX + " characters"));
        }
        Map<String, String> meta = metadata == null ? Map.of() : metadata;
        checkMetadata(meta, errors);
        int minutes = expiryMinutes == null ? InvoiceRules.EXPIRY_MINUTES_DEFAULT : expiryMinutes;
        if (minutes < InvoiceRules.EXPIRY_MINUTES_MIN || minutes > InvoiceRules.EXPIRY_MINUTES_MAX) {
            errors.add(new FieldError("expiryMinutes", "must be between " + InvoiceRules.EXPIRY_MINUTES_MIN
                    + " and " + InvoiceRules.EXPIRY_MINUTES_MAX));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new CreateInvoice(invoiceId, merchantId, parsedAmount, parsedChain, orderId.strip(),
                description, meta, Duration.ofMinutes(minutes), mode);
    }

    private static void checkMetadata(Map<String, String> metadata, List<FieldError> errors) {
        if (metadata.size() > InvoiceRules.METADATA_ENTRIES_MAX) {
            errors.add(new FieldError("metadata", "must have at most " + InvoiceRules.METADATA_ENTRIES_MAX + " entries"));
        }
        for (var entry : metadata.entrySet()) {
            if (entry.getKey().isEmpty() || entry.getKey().length() > InvoiceRules.METADATA_KEY_LENGTH_MAX) {
                errors.add(new FieldError("metadata", "keys must be 1 to " + InvoiceRules.METADATA_KEY_LENGTH_MAX
                        + " characters"));
                break;
            }
            if (entry.getValue() == null) {
                errors.add(new FieldError("metadata." + entry.getKey(), "must be a string, not null"));
            }
        }
        if (InvoiceCreationHandler.metadataBytes(metadata) > InvoiceRules.METADATA_BYTES_MAX) {
            errors.add(new FieldError("metadata", "must be at most " + InvoiceRules.METADATA_BYTES_MAX + " bytes"));
        }
    }
}
