package dev.tally.command.apikeys;

import dev.tally.command.RandomIds;
import dev.tally.command.access.ApiKeyCredentials;
import dev.tally.command.access.ApiKeyCredentials.StoredKey;
import dev.tally.kernel.access.ApiKeyRole;
import dev.tally.kernel.access.ApiKeyRules;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.access.IssueApiKey;
import dev.tally.kernel.access.IssueAuditorKey;
import dev.tally.kernel.access.RevokeApiKey;
import dev.tally.kernel.access.RevokeAuditorKey;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.platform.security.ApiKeys;
import dev.tally.platform.security.Role;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.FieldError;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Creating, listing and revoking API keys. A merchant key manages its own merchant's keys and can hand out no scope
 * it lacks itself (nor revoke a key that has one); the admin key manages every key and alone issues auditor keys.
 * Rotation is: create a new key, move the integration over, revoke the old one.
 */
@RestController
@RequestMapping(path = "/api/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "API keys")
@SecurityRequirement(name = "apiKey")
public class ApiKeyController {
    static final int LIMIT_DEFAULT = 20;
    static final int LIMIT_MAX = 100;

    private final CommandGateway commands;
    private final ApiKeyCredentials credentials;

    public ApiKeyController(CommandGateway commands, ApiKeyCredentials credentials) {
        this.commands = commands;
        this.credentials = credentials;
    }

    public record CreateApiKeyRequest(
            @Parameter(description = "What the key is for, 1 to 100 characters") String name,
            @Parameter(description = "Default: all the caller's scopes (merchant) or every auditor scope") List<String> scopes,
            @Parameter(description = "live or test (default: the caller's mode). A test key sees and creates only "
                    + "test objects; a test key can create only test keys") String mode,
            @Parameter(description = "merchant (default) or auditor (admin key only)") String role,
            @Parameter(description = "Admin key only: the merchant to issue a merchant key to") String merchantId) {
    }

    /** A key as the API shows it; {@code apiKey} (the secret) only in the answer that created it. */
    public record ApiKeyView(ApiKeyId id, String name, String prefix, String role, MerchantId merchantId,
                             List<String> scopes, String mode, Instant createdAt, Instant revokedAt, String apiKey) {
        static ApiKeyView of(StoredKey key, String secret) {
            return new ApiKeyView(key.id(), key.name(), key.prefix(), key.role().name().toLowerCase(Locale.ROOT),
                                  key.merchantId(), key.scopes(),
                                  Mode.ofApiKey(key.prefix()).code(),
                                  key.issuedAt(), key.revokedAt(), secret);
        }
    }

    public record ApiKeyPage(List<ApiKeyView> items, String nextCursor) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('ADMIN', 'MERCHANT')")
    @Operation(summary = "Create an API key", description = "The answer carries the secret (apiKey) this once; only "
            + "its hash is stored. A merchant key may give the new key only scopes it holds itself, and a test key "
            + "can create only test keys.")
    public ResponseEntity<ApiKeyView> create(@AuthenticationPrincipal TallyPrincipal caller,
                                             @RequestBody CreateApiKeyRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Mode mode = request.mode() == null ? caller.mode() : Mode.fromCode(request.mode()).orElse(null);
        if (mode == null) {
            errors.add(new FieldError("mode", "must be live or test"));
        }
        String role = request.role() == null ? "merchant" : request.role().strip().toLowerCase(Locale.ROOT);
        if (!role.equals("merchant") && !role.equals("auditor")) {
            errors.add(new FieldError("role", "must be merchant or auditor"));
        }
        if (request.name() == null || request.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (request.name().strip().length() > ApiKeyRules.NAME_LENGTH_MAX) {
            errors.add(new FieldError("name", "must be at most " + ApiKeyRules.NAME_LENGTH_MAX + " characters"));
        }
        if (request.scopes() != null) {
            if (request.scopes().isEmpty()) {
                errors.add(new FieldError("scopes", "must name at least one scope, or be left out"));
            }
            for (String scope : request.scopes()) {
                if (scope == null || !ApiScope.isKnown(scope)) {
                    errors.add(new FieldError("scopes", "unknown scope '" + scope + "'; known: " + ApiScope.ALL));
                }
            }
        }
        MerchantId merchantId = null;
        if (request.merchantId() != null) {
            if (caller.role() != Role.ADMIN) {
                errors.add(new FieldError("merchantId", "only the admin key may choose the merchant"));
            } else if (!MerchantId.isValid(request.merchantId().strip())) {
                errors.add(new FieldError("merchantId", "is not a merchant id"));
            } else {
                merchantId = MerchantId.of(request.merchantId().strip());
            }
        }
        if (role.equals("auditor") && caller.role() != Role.ADMIN) {
            errors.add(new FieldError("role", "only the admin key may issue auditor keys"));
        }
        if (role.equals("auditor") && merchantId != null) {
            errors.add(new FieldError("merchantId", "an auditor key belongs to no merchant"));
        }
        if (role.equals("merchant") && caller.role() == Role.ADMIN && merchantId == null
            && request.merchantId() == null) {
            errors.add(new FieldError("merchantId", "is required for a merchant key issued with the admin key"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        if (mode == Mode.LIVE && caller.mode() == Mode.TEST) {
            // Test keys are handed around more freely (CI, staging): they must not lead to live money.
            throw new DomainException(ErrorCode.FORBIDDEN, "a test key can create only test keys");
        }

        ApiKeyId id = ApiKeyId.of(RandomIds.next(ApiKeyId.PREFIX));
        String secret = ApiKeys.generate(mode.code());
        String prefix = ApiKeys.displayPrefix(secret);
        String hash = ApiKeys.sha256Hex(secret);
        if (role.equals("auditor")) {
            List<String> scopes = request.scopes() == null ? ApiScope.AUDITOR : request.scopes();
            commands.sendAndWait(new IssueAuditorKey(id, request.name(), scopes, prefix, hash));
        } else {
            if (caller.role() == Role.MERCHANT) {
                merchantId = caller.requireMerchant();
            }
            List<String> scopes = request.scopes() == null
                    ? (caller.role() == Role.MERCHANT
                       ? ApiScope.ALL_MERCHANT.stream().filter(caller.scopes()::contains).toList()
                       : ApiScope.ALL_MERCHANT)
                    : request.scopes();
            if (caller.role() == Role.MERCHANT) {
                requireHeld(caller, scopes);
            }
            try {
                commands.sendAndWait(new IssueApiKey(merchantId, id, request.name(), scopes, prefix, hash));
            } catch (AggregateNotFoundException e) {
                throw DomainException.notFound("merchant " + merchantId);
            }
        }
        StoredKey stored = credentials.find(id).orElseThrow(
                () -> new IllegalStateException("issued key " + id + " is missing from the credentials table"));
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + id)).body(ApiKeyView.of(stored, secret));
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('ADMIN', 'MERCHANT')")
    @Operation(summary = "List API keys", description = "Newest first, revoked ones included (with revokedAt); never "
            + "a secret. A merchant key sees its merchant's keys of its own mode; the admin key sees every key, "
            + "filtered by merchantId or role. Pass nextCursor as cursor for the next page.")
    public ApiKeyPage list(@AuthenticationPrincipal TallyPrincipal caller,
                           @Parameter(description = "Admin key only") @RequestParam(required = false) String merchantId,
                           @Parameter(description = "Admin key only: merchant or auditor")
                           @RequestParam(required = false) String role,
                           @Parameter(description = "1 to 100, default 20") @RequestParam(required = false) String limit,
                           @RequestParam(required = false) String cursor) {
        List<FieldError> errors = new ArrayList<>();
        MerchantId merchant = null;
        ApiKeyRole roleFilter = null;
        if (caller.role() == Role.MERCHANT) {
            merchant = caller.requireMerchant();
            if (merchantId != null) {
                errors.add(new FieldError("merchantId", "only the admin key may choose the merchant"));
            }
            if (role != null) {
                errors.add(new FieldError("role", "only the admin key may filter by role"));
            }
        } else {
            if (merchantId != null) {
                if (MerchantId.isValid(merchantId.strip())) {
                    merchant = MerchantId.of(merchantId.strip());
                } else {
                    errors.add(new FieldError("merchantId", "is not a merchant id"));
                }
            }
            if (role != null) {
                try {
                    roleFilter = ApiKeyRole.valueOf(role.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("role", "must be merchant or auditor"));
                }
            }
        }
        int parsedLimit = LIMIT_DEFAULT;
        if (limit != null) {
            try {
                parsedLimit = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                parsedLimit = -1;
            }
            if (parsedLimit < 1 || parsedLimit > LIMIT_MAX) {
                errors.add(new FieldError("limit", "must be a whole number from 1 to " + LIMIT_MAX));
            }
        }
        Position after = null;
        if (cursor != null) {
            after = Position.decode(cursor);
            if (after == null) {
                errors.add(new FieldError("cursor", "is not a cursor this API returned"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Mode modeFilter = caller.role() == Role.MERCHANT ? caller.mode() : null;
        List<StoredKey> keys = credentials.list(merchant, modeFilter, roleFilter,
                                                after == null ? null : after.issuedAt(),
                                                after == null ? null : after.id(), parsedLimit + 1);
        boolean more = keys.size() > parsedLimit;
        List<StoredKey> page = more ? keys.subList(0, parsedLimit) : keys;
        String next = more ? new Position(page.get(page.size() - 1).issuedAt(),
                                          page.get(page.size() - 1).id().value()).encode() : null;
        return new ApiKeyPage(page.stream().map(k -> ApiKeyView.of(k, null)).toList(), next);
    }

    @DeleteMapping("/{apiKeyId}")
    @PreAuthorize("hasAnyRole('ADMIN', 'MERCHANT')")
    @Operation(summary = "Revoke an API key", description = "Takes effect at once on this node, within "
            + "tally.security.api-key-cache.ttl on the others. Revoking a revoked key returns it unchanged. A merchant "
            + "key cannot revoke a key holding a scope it lacks.")
    public ApiKeyView revoke(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String apiKeyId) {
        if (!ApiKeyId.isValid(apiKeyId)) {
            throw DomainException.notFound("API key " + apiKeyId);
        }
        ApiKeyId id = ApiKeyId.of(apiKeyId);
        StoredKey key = credentials.find(id).orElseThrow(() -> DomainException.notFound("API key " + apiKeyId));
        if (caller.role() == Role.MERCHANT) {
            if (!caller.requireMerchant().equals(key.merchantId()) || Mode.ofApiKey(key.prefix()) != caller.mode()) {
                // Another merchant's key, or one of the other mode, is indistinguishable from an unknown one.
                throw DomainException.notFound("API key " + apiKeyId);
            }
            requireHeld(caller, key.scopes());
        }
        if (key.role() == ApiKeyRole.AUDITOR) {
            commands.sendAndWait(new RevokeAuditorKey(id));
        } else {
            commands.sendAndWait(new RevokeApiKey(key.merchantId(), id));
        }
        return ApiKeyView.of(credentials.find(id).orElseThrow(), null);
    }

    private static void requireHeld(TallyPrincipal caller, List<String> scopes) {
        for (String scope : scopes) {
            if (!caller.scopes().contains(scope)) {
                throw new DomainException(ErrorCode.INSUFFICIENT_SCOPE,
                        "this API key lacks the scope '" + scope + "' and so cannot grant or revoke it");
            }
        }
    }

    /** Keyset position of the last key on a page, opaque to clients. */
    record Position(Instant issuedAt, String id) {
        String encode() {
            String raw = issuedAt.getEpochSecond() + "." + issuedAt.getNano() + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
                String[] parts = raw.split("\\.", 3);
                if (parts.length != 3 || !ApiKeyId.isValid(parts[2])) {
                    return null;
                }
                return new Position(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                                    parts[2]);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                return null;
            }
        }
    }
}
