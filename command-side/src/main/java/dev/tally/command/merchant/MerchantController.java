package dev.tally.command.merchant;

import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.merchant.FindMerchant;
import dev.tally.kernel.merchant.MerchantRules;
import dev.tally.kernel.merchant.MerchantView;
import dev.tally.kernel.merchant.RegisterMerchant;
import dev.tally.command.RandomIds;
import dev.tally.platform.security.ApiKeys;
import dev.tally.platform.web.ReadYourWrites;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Registering merchants (platform admin). */
@RestController
@RequestMapping(path = "/api/v1/merchants", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Merchants")
@SecurityRequirement(name = "apiKey")
public class MerchantController {
    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;

    public MerchantController(CommandGateway commands, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Register a merchant", description = "Admin only. The response carries the merchant's first "
            + "API keys, a live one (`apiKey`, tly_live_…) and a test one (`testApiKey`, tly_test_…: its invoices are "
            + "paid on the sandbox chain); they are shown this once and only their hashes are stored.")
    public ResponseEntity<RegisteredMerchant> register(@Valid @RequestBody RegisterMerchantRequest request) {
        MerchantId merchantId = MerchantId.of(RandomIds.next(MerchantId.PREFIX));
        ApiKeyId apiKeyId = ApiKeyId.of(RandomIds.next(ApiKeyId.PREFIX));
        String secret = ApiKeys.generate("live");
        ApiKeyId testApiKeyId = ApiKeyId.of(RandomIds.next(ApiKeyId.PREFIX));
        String testSecret = ApiKeys.generate("test");
        var command = new RegisterMerchant(merchantId, request.name(),
                request.feeBasisPoints() == null ? MerchantRules.DEFAULT_FEE_BASIS_POINTS : request.feeBasisPoints(),
                request.confirmationsOverride(), apiKeyId, ApiKeys.displayPrefix(secret),
                ApiKeys.sha256Hex(secret), testApiKeyId, ApiKeys.displayPrefix(testSecret),
                ApiKeys.sha256Hex(testSecret));
        readYourWrites.write(new FindMerchant(merchantId), MerchantView.class, v -> true,
                             () -> commands.sendAndWait(command));
        return ResponseEntity.created(URI.create("/api/v1/merchants/" + merchantId))
                             .body(RegisteredMerchant.of(command, secret, testSecret));
    }

    public record RegisterMerchantRequest(
            @NotBlank @Size(max = MerchantRules.NAME_LENGTH_MAX) String name,
            @Min(0) @Max(MerchantRules.MAX_FEE_BASIS_POINTS) Integer feeBasisPoints,
            @Min(1) @Max(100) Integer confirmationsOverride) {
    }

    /** The registered merchant with its first API key secrets, shown only in this response. */
    public record RegisteredMerchant(
            MerchantId id,
            String name,
            int feeBasisPoints,
            Integer confirmationsOverride,
            ApiKeyId apiKeyId,
            String apiKeyPrefix,
            String apiKey,
            ApiKeyId testApiKeyId,
            String testApiKeyPrefix,
            String testApiKey) {

        static RegisteredMerchant of(RegisterMerchant command, String secret, String testSecret) {
            return new RegisteredMerchant(command.merchantId(), command.name().strip(), command.feeBasisPoints(),
                    command.confirmationsOverride(), command.apiKeyId(), command.apiKeyPrefix(), secret,
                    command.testApiKeyId(), command.testApiKeyPrefix(), testSecret);
        }
    }
}
