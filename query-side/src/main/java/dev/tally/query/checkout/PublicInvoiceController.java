package dev.tally.query.checkout;

import dev.tally.kernel.error.DomainException;
import dev.tally.query.live.LiveStreams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.Optional;
import java.util.function.Function;

/** The customer's view of an invoice (no API key: knowing the invoice id is enough; no fee is ever shown). */
@RestController
@RequestMapping("/api/v1/public/invoices")
@Tag(name = "Public")
public class PublicInvoiceController {
    private final PublicInvoices invoices;
    private final LiveStreams streams;

    public PublicInvoiceController(PublicInvoices invoices, LiveStreams streams) {
        this.invoices = invoices;
        this.streams = streams;
    }

    @GetMapping(path = "/{invoiceId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "An invoice as its customer sees it")
    public PublicInvoiceView get(@PathVariable String invoiceId) {
        return find(invoiceId);
    }

    @GetMapping(path = "/{invoiceId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "An invoice as its customer sees it, live",
               description = "Server-sent events: 'invoice' with the current state, then every change; 'end' once "
                             + "the invoice is settled, expired, cancelled or refunded, and the stream closes.")
    public SseEmitter stream(@PathVariable String invoiceId) {
        PublicInvoiceView current = find(invoiceId);
        Function<Optional<PublicInvoiceView>, Optional<PublicInvoiceView>> same = Function.identity();
        return streams.stream(new FindPublicInvoice(current.id()),
                              ResponseTypes.optionalInstanceOf(PublicInvoiceView.class), same,
                              PublicInvoiceView.class, "invoice", PublicInvoiceView::finalForCustomer);
    }

    /** The invoice, or a 404 for ids that are unknown or malformed alike. */
    public PublicInvoiceView find(String invoiceId) {
        return invoices.find(invoiceId).orElseThrow(() -> DomainException.notFound("invoice " + invoiceId));
    }
}
