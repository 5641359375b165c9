package dev.tally.command.invoice;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.command.CommandSideProperties;
import dev.tally.command.address.DepositAddressAllocator;
import dev.tally.command.merchant.Merchant;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.ConfirmationPolicy;
import dev.tally.kernel.invoice.CreateInvoice;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceRules;
import dev.tally.kernel.merchant.MerchantRegistered;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.axon.AggregateCreations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.config.Configuration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.Message;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Creates invoices: checks the request against the invoice rules, fixes the terms (required confirmations from the
 * merchant's override or the amount, the merchant's fee rate), allocates a fresh deposit address and starts the
 * aggregate, which schedules its expiry. Answers the {@link InvoiceCreated} event.
 * <p>
 * The merchant's terms are read from its registration, not by loading the {@code Merchant} aggregate: loading takes
 * the aggregate's lock, so every invoice of one merchant would be created one after another. The terms are fixed at
 * registration (no command changes them), so they are kept in memory once read and cannot go stale on any node.
 */
@Component
public class InvoiceCreationHandler {
    private final ObjectProvider<Configuration> axon;
    private final DepositAddressAllocator addresses;
    private final CommandSideProperties properties;
    private final Cache<MerchantId, Merchant.InvoiceTerms> terms = Caffeine.newBuilder().maximumSize(100_000).build();

    public InvoiceCreationHandler(ObjectProvider<Configuration> axon, DepositAddressAllocator addresses,
                                  CommandSideProperties properties) {
        // Axon's configuration (and so the repositories) is built after this bean; look it up when handling.
        this.axon = axon;
        this.addresses = addresses;
        this.properties = properties;
    }

    @CommandHandler
    public InvoiceCreated handle(CreateInvoice command, DeadlineManager deadlines, Clock clock) throws Exception {
        check(command, properties.getInvoices().getMaxAmount());
        Repository<Invoice> invoices = axon.getObject().repository(Invoice.class);
        Merchant.InvoiceTerms terms = this.terms.get(command.merchantId(), this::registeredTerms);
        // PostgreSQL keeps microseconds; so does the event, so that cursors and as-of queries agree exactly.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int requiredConfirmations = ConfirmationPolicy.requiredConfirmations(command.amount(),
                                                                            terms.confirmationsOverride());
        Instant expiresAt = now.plus(command.expiresAfter());
        var address = addresses.allocate(command.chain(), command.mode(), new DepositAddressAllocator.InvoiceTerms(
                command.invoiceId(), command.merchantId(), requiredConfirmations, expiresAt), now);
        InvoiceCreated created = new InvoiceCreated(command.invoiceId(), command.merchantId(), command.orderId().strip(),
                command.amount(), command.chain(), address.address(), address.index(), requiredConfirmations,
                terms.feeBasisPoints(), command.description(), command.metadata(), now, expiresAt, command.mode());
        invoices.newInstance(() -> new Invoice(created, deadlines));
        return created;
    }

    /** The terms the merchant was registered with; not found for a merchant never registered. */
    private Merchant.InvoiceTerms registeredTerms(MerchantId merchantId) {
        // From its first event, never from a snapshot: the registration is event 0.
        return axon.getObject().eventStore().readEvents(merchantId.value(), 0).asStream()
                   .map(Message::getPayload)
                   .filter(MerchantRegistered.class::isInstance)
                   .map(MerchantRegistered.class::cast)
                   .findFirst()
                   .map(Merchant.InvoiceTerms::of)
                   .orElseThrow(() -> DomainException.notFound("merchant " + merchantId));
    }

    /** The creation of an invoice, if it exists: its first event in the event store. */
    public Optional<InvoiceCreated> findCreated(InvoiceId invoiceId) {
        return AggregateCreations.find(axon.getObject().eventStore(), invoiceId.value(), InvoiceCreated.class);
    }

    /** The invoice rules; the REST layer checks the same limits first to name the offending fields. */
    static void check(CreateInvoice command, BigDecimal maxAmount) {
        TokenAmount amount = command.amount();
        if (amount == null || amount.isZero()) {
            throw DomainException.ruleViolation("amount must be greater than zero");
        }
        if (amount.toDecimal().compareTo(maxAmount) > 0) {
            throw DomainException.ruleViolation("amount must not exceed " + maxAmount.toPlainString());
        }
        if (command.chain() == null) {
            throw DomainException.ruleViolation("chain is required");
        }
        if (command.orderId() == null || command.orderId().isBlank()
            || command.orderId().strip().length() > InvoiceRules.ORDER_ID_LENGTH_MAX) {
            throw DomainException.ruleViolation("orderId must be 1 to " + InvoiceRules.ORDER_ID_LENGTH_MAX + " characters");
        }
        if (command.description() != null && command.description().length() > InvoiceRules.DESCRIPTION_LENGTH_MAX) {
            throw DomainException.ruleViolation("description must be at most " + InvoiceRules.DESCRIPTION_LENGTH_MAX
                                                + " characters");
        }
        if (metadataBytes(command.metadata()) > InvoiceRules.METADATA_BYTES_MAX
            || command.metadata().size() > InvoiceRules.METADATA_ENTRIES_MAX) {
            throw DomainException.ruleViolation("metadata must be at most " + InvoiceRules.METADATA_BYTES_MAX
                                                + " bytes and " + InvoiceRules.METADATA_ENTRIES_MAX + " entries");
        }
        if (command.metadata().keySet().stream()
                   .anyMatch(k -> k.isEmpty() || k.length() > InvoiceRules.METADATA_KEY_LENGTH_MAX)) {
            throw DomainException.ruleViolation("metadata keys must be 1 to " + InvoiceRules.METADATA_KEY_LENGTH_MAX
                                                + " characters");
        }
        Duration expiry = command.expiresAfter();
        if (expiry == null || expiry.isNegative() || expiry.isZero()
            || expiry.compareTo(Duration.ofMinutes(InvoiceRules.EXPIRY_MINUTES_MAX)) > 0) {
            throw DomainException.ruleViolation("the invoice must expire within " + InvoiceRules.EXPIRY_MINUTES_MAX
                                                + " minutes");
        }
    }

    /** Size of the metadata as a JSON object in UTF-8 (keys and values; quotes and separators included). */
    public static int metadataBytes(Map<String, String> metadata) {
        int bytes = 2;
        for (var entry : metadata.entrySet()) {
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue()) + 6;
        }
        return bytes;
    }

    private static int utf8Length(String text) {
        return text == null ? 4 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
