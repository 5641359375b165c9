package dev.tally.command.merchant;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.ConfirmationPolicy;
import dev.tally.kernel.merchant.ApiKeyIssued;
import dev.tally.kernel.merchant.MerchantRegistered;
import dev.tally.kernel.merchant.MerchantRules;
import dev.tally.kernel.merchant.RegisterMerchant;
import dev.tally.kernel.access.ApiScope;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A merchant: its fee rate, confirmation override and webhook endpoint, and the API keys it was issued. */
@Aggregate
public class Merchant {

    @AggregateIdentifier
    private MerchantId merchantId;
    private int feeBasisPoints;
    private Integer confirmationsOverride;

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
        String webhookUrl = command.webhookUrl() == null || command.webhookUrl().isBlank()
                ? null : command.webhookUrl().strip();
        if (webhookUrl != null && !isWebUrl(webhookUrl)) {
            throw DomainException.ruleViolation("webhookUrl must be an absolute http(s) URL");
        }
        Instant now = clock.instant();
        apply(new MerchantRegistered(command.merchantId(), name, command.feeBasisPoints(), override, webhookUrl, now));
        apply(new ApiKeyIssued(command.merchantId(), command.apiKeyId(), command.apiKeyPrefix(),
                               command.apiKeySecretHash(), ApiScope.ALL_MERCHANT, now));
    }

    static boolean isWebUrl(String text) {
        if (text.length() > MerchantRules.WEBHOOK_URL_LENGTH_MAX) {
            return false;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                   && uri.getUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The terms an invoice of this merchant is created with. */
    public InvoiceTerms invoiceTerms() {
        return new InvoiceTerms(confirmationsOverride, feeBasisPoints);
    }

    @EventSourcingHandler
    void on(MerchantRegistered event) {
        this.merchantId = event.merchantId();
        this.feeBasisPoints = event.feeBasisPoints();
        this.confirmationsOverride = event.confirmationsOverride();
    }

    /** What a new invoice takes from its merchant at creation. */
    public record InvoiceTerms(Integer confirmationsOverride, int feeBasisPoints) {
    }
}
