package dev.tally.query.checkout;

import dev.tally.kernel.ids.InvoiceId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;

/**
 * Finds the customer's view of an invoice. The creation answer waits for the merchant's invoice view, not for this
 * summary, so a payment link opened at once can be a moment ahead of it: when the merchant's view has the invoice
 * but the summary not yet, wait (bounded) for the summary instead of answering 404. Unknown ids are not waited for.
 */
@Component
public class PublicInvoices {
    static final Duration CATCH_UP_WAIT_MAX = Duration.ofSeconds(5);

    private final QueryGateway queries;
    private final JdbcClient jdbc;

    public PublicInvoices(QueryGateway queries, JdbcClient jdbc) {
        this.queries = queries;
        this.jdbc = jdbc;
    }

    public Optional<PublicInvoiceView> find(String invoiceId) {
        if (!InvoiceId.isValid(invoiceId)) {
            return Optional.empty();
        }
        InvoiceId id = InvoiceId.of(invoiceId);
        Optional<PublicInvoiceView> found = queries.query(new FindPublicInvoice(id),
                ResponseTypes.optionalInstanceOf(PublicInvoiceView.class)).join();
        if (found.isPresent() || !createdRecently(id)) {
            return found;
        }
        SubscriptionQueryResult<Optional<PublicInvoiceView>, PublicInvoiceView> subscription =
                queries.subscriptionQuery(new FindPublicInvoice(id),
                                          ResponseTypes.optionalInstanceOf(PublicInvoiceView.class),
                                          ResponseTypes.instanceOf(PublicInvoiceView.class));
        try {
            return Optional.ofNullable(subscription.initialResult().flatMap(Mono::justOrEmpty)
                                                   .concatWith(subscription.updates())
                                                   .blockFirst(CATCH_UP_WAIT_MAX));
        } catch (RuntimeException e) {
            return Optional.empty(); // still not there: answer 404 rather than hang
        } finally {
            subscription.cancel();
        }
    }

    private boolean createdRecently(InvoiceId id) {
        return jdbc.sql("SELECT COUNT(*) FROM query.invoices WHERE invoice_id = :id")
                   .param("id", id.value()).query(Long.class).single() > 0;
    }
}
