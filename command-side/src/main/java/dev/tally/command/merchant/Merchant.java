package dev.tally.command.merchant;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.ConfirmationPolicy;
import dev.tally.kernel.merchant.ApiKeyIssued;
import dev.tally.kernel.merchant.MerchantRegistered;
import dev.tally.kernel.merchant.MerchantRules;
import dev.tally.kernel.merchant.RegisterMerchant;
import dev.tally.kernel.access.ApiKeyRules;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.access.IssueApiKey;
import dev.tally.kernel.access.RevokeApiKey;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.merchant.ApiKeyRevoked;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A merchant: its fee rate, confirmation override and webhook endpoint, and the API keys it was issued. */
@Aggregate
public class Merchant {

    @AggregateIdentifier
    private MerchantId merchantId;
    private InvoiceTerms terms;
    /** Every key this merchant was issued, and whether it still works. The merchant is the keys' boundary. */
    private final Map<ApiKeyId, Boolean> keysActive = new HashMap<>();

    protected Merchant() {
        // for Axon
    }

    @CommandHandler
    public Merchant(RegisterMerchant command, Clock clock) {
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.length() > MerchantRules.NAME_LENGTH_MAX) {
            throw DomainException.ruleViolation(
                    "name must be 1 to " + MerchantRules.NAME_LENGTH_MAX + " characters");
        }
        if (command.feeBasisPoints() < 0 || command.feeBasisPoints() > MerchantRules.MAX_FEE_BASIS_POINTS) {
            throw DomainException.ruleViolation(
                    "feeBasisPoints must be between 0 and " + MerchantRules.MAX_FEE_BASIS_POINTS);
        }
        Integer override = command.confirmationsOverride();
        if (override != null && (override < ConfirmationPolicy.MIN_OVERRIDE || override > ConfirmationPolicy.MAX_OVERRIDE)) {
            throw DomainException.ruleViolation("confirmationsOverride must be between "
                    + ConfirmationPolicy.MIN_OVERRIDE + " and " + ConfirmationPolicy.MAX_OVERRIDE);
        }
        Instant now = clock.instant();
        apply(new MerchantRegistered(command.merchantId(), name, command.feeBasisPoints(), override, null, now));
        apply(new ApiKeyIssued(command.merchantId(), command.apiKeyId(), command.apiKeyPrefix(),
                               command.apiKeySecretHash(), ApiScope.ALL_MERCHANT, now));
        if (command.testApiKeyId() != null) {
            apply(new ApiKeyIssued(command.merchantId(), command.testApiKeyId(), command.testApiKeyPrefix(),
                                   command.testApiKeySecretHash(), ApiScope.ALL_MERCHANT, now));
        }
    }

    /**
     * Rotation: a new key beside the existing ones, which keep working until revoked. Names and scopes are checked
     * here, and the number of active keys is capped.
     */
    @CommandHandler
    public void handle(IssueApiKey command, Clock clock) {
        String name = ApiKeyRules.checkedName(command.name());
        List<String> scopes = ApiKeyRules.checkedScopes(command.scopes(), ApiScope.ALL_MERCHANT);
        if (keysActive.containsKey(command.apiKeyId())) {
            throw DomainException.invalidState("API key " + command.apiKeyId() + " already exists");
        }
        long active = keysActive.values().stream().filter(Boolean::booleanValue).count();
        if (active >= ApiKeyRules.ACTIVE_KEYS_MAX) {
            throw DomainException.ruleViolation("a merchant may hold at most " + ApiKeyRules.ACTIVE_KEYS_MAX
                    + " active API keys; revoke one first");
        }
        apply(new ApiKeyIssued(merchantId, command.apiKeyId(), command.prefix(), command.secretHash(), scopes,
                               clock.instant(), name));
    }

    /** Revoking a key of another merchant is "not found": a merchant cannot even learn that it exists. */
    @CommandHandler
    public void handle(RevokeApiKey command, Clock clock) {
        Boolean active = keysActive.get(command.apiKeyId());
        if (active == null) {
            throw DomainException.notFound("API key " + command.apiKeyId());
        }
        if (active) {
            apply(new ApiKeyRevoked(merchantId, command.apiKeyId(), clock.instant()));
        }
    }

    /** The terms an invoice of this merchant is created with. */
    public InvoiceTerms invoiceTerms() {
        return terms;
    }

    @EventSourcingHandler
    void on(MerchantRegistered event) {
        this.merchantId = event.merchantId();
        this.terms = InvoiceTerms.of(event);
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        keysActive.put(event.apiKeyId(), true);
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        keysActive.put(event.apiKeyId(), false);
    }

    /** What a new invoice takes from its merchant at creation. */
    public record InvoiceTerms(Integer confirmationsOverride, int feeBasisPoints) {
        /** The terms are fixed at registration. */
        public static InvoiceTerms of(MerchantRegistered registered) {
            return new InvoiceTerms(registered.confirmationsOverride(), registered.feeBasisPoints());
        }
    }
}
