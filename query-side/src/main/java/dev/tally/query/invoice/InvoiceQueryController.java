package dev.tally.query.invoice;

import dev.tally.query.QueryParameters;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoicePage;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.invoice.ListInvoices;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.FieldError;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reading invoices (merchant API key). */
@RestController
@RequestMapping(path = "/api/v1/invoices", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Invoices")
@SecurityRequirement(name = "apiKey")
public class InvoiceQueryController {
    private final QueryGateway queries;

    public InvoiceQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{invoiceId}")
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_READ + "')")
    @Operation(summary = "Get an invoice")
    public InvoiceView get(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String invoiceId) {
        var merchantId = caller.requireMerchant();
        if (!InvoiceId.isValid(invoiceId)) {
            throw DomainException.notFound("invoice " + invoiceId);
        }
        return queries.query(new FindInvoice(merchantId, InvoiceId.of(invoiceId), caller.mode()),
                             ResponseTypes.optionalInstanceOf(InvoiceView.class))
                      .join()
                      .orElseThrow(() -> DomainException.notFound("invoice " + invoiceId));
    }

    @GetMapping
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_READ + "')")
    @Operation(summary = "List invoices", description = "Newest first. Pass nextCursor as cursor for the next page.")
    public InvoicePage list(@AuthenticationPrincipal TallyPrincipal caller,
                            @RequestParam(required = false) String status,
                            @RequestParam(required = false) String orderId,
                            @Parameter(description = "ISO-8601 instant, inclusive")
                            @RequestParam(required = false) String createdFrom,
                            @Parameter(description = "ISO-8601 instant, exclusive")
                            @RequestParam(required = false) String createdTo,
                            @Parameter(description = "1 to 100, default 20")
                            @RequestParam(required = false) String limit,
                            @RequestParam(required = false) String cursor) {
        var merchantId = caller.requireMerchant();
        List<FieldError> errors = new ArrayList<>();
        InvoiceStatus parsedStatus = null;
        if (status != null) {
            parsedStatus = InvoiceStatus.fromCode(status).orElse(null);
            if (parsedStatus == null) {
                errors.add(new FieldError("status", "unknown status '" + status + "'"));
            }
        }
        Instant from = QueryParameters.instant("createdFrom", createdFrom, errors);
        Instant to = QueryParameters.instant("createdTo", createdTo, errors);
        int parsedLimit = QueryParameters.limit(limit, ListInvoices.LIMIT_DEFAULT, ListInvoices.LIMIT_MAX, errors);
        QueryParameters.cursor(cursor, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return queries.query(new ListInvoices(merchantId, caller.mode(), parsedStatus, orderId, from, to, parsedLimit, cursor),
                             ResponseTypes.instanceOf(InvoicePage.class)).join();
    }
}
