package dev.tally.query.invoice;

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
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
        return queries.query(new FindInvoice(merchantId, InvoiceId.of(invoiceId)),
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
        Instant from = instant("createdFrom", createdFrom, errors);
        Instant to = instant("createdTo", createdTo, errors);
        int parsedLimit = ListInvoices.LIMIT_DEFAULT;
        if (limit != null) {
            try {
                parsedLimit = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                parsedLimit = -1;
            }
            if (parsedLimit < 1 || parsedLimit > ListInvoices.LIMIT_MAX) {
                errors.add(new FieldError("limit", "must be a whole number from 1 to " + ListInvoices.LIMIT_MAX));
            }
        }
        if (cursor != null && InvoiceCursor.decode(cursor).isEmpty()) {
            errors.add(new FieldError("cursor", "is not a cursor this API returned"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return queries.query(new ListInvoices(merchantId, parsedStatus, orderId, from, to, parsedLimit, cursor),
                             ResponseTypes.instanceOf(InvoicePage.class)).join();
    }

    private static Instant instant(String field, String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 date-time with offset, e.g. 2026-01-31T00:00:00Z"));
            return null;
        }
    }
}
