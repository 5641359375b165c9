package dev.tally.query.checkout;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.platform.axon.AggregateCreations;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;

/**
 * Finds the customer's view of an invoice. The creation is answered before any view shows it, so a payment link
 * opened at once can be a moment ahead of this summary: when the event store has the invoice but the summary not
 * yet, wait (bounded) for the summary instead of answering 404. Unknown ids are not waited for.
 */
@Component
public class PublicInvoices {
    static final Duration CATCH_UP_WAIT_MAX = Duration.ofSeconds(5);

    private final QueryGateway queries;
    private final EventStore eventStore;

    public PublicInvoices(QueryGateway queries, EventStore eventStore) {
        this.queries = queries;
        this.eventStore = eventStore;
    }

    public Optional<PublicInvoiceView> find(String invoiceId) {
        if (!InvoiceId.isValid(invoiceId)) {
            return Optional.empty();
        }
        InvoiceId id = InvoiceId.of(invoiceId);
        Optional<PublicInvoiceView> found = queries.query(new FindPublicInvoice(id),
                ResponseTypes.optionalInstanceOf(PublicInvoiceView.class)).join();
        if (found.isPresent() || AggregateCreations.find(eventStore, id.value(), InvoiceCreated.class).isEmpty()) {
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
}
