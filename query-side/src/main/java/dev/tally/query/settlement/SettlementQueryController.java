package dev.tally.query.settlement;

import dev.tally.query.QueryParameters;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.SettlementId;
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

/** Reading settlements with their fee split (merchant API key). */
@RestController
@RequestMapping(path = "/api/v1/settlements", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Settlements")
@SecurityRequirement(name = "apiKey")
public class SettlementQueryController {
    private final QueryGateway queries;

    public SettlementQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{settlementId}")
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.SETTLEMENTS_READ + "')")
    @Operation(summary = "Get a settlement", description = "Gross, platform fee (amount and percentage) and net.")
    public SettlementView get(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String settlementId) {
        var merchantId = caller.requireMerchant();
        if (!SettlementId.isValid(settlementId)) {
            throw DomainException.notFound("settlement " + settlementId);
        }
        return queries.query(new FindSettlement(merchantId, SettlementId.of(settlementId), caller.mode()),
                             ResponseTypes.optionalInstanceOf(SettlementView.class))
                      .join()
                      .orElseThrow(() -> DomainException.notFound("settlement " + settlementId));
    }

    @GetMapping
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.SETTLEMENTS_READ + "')")
    @Operation(summary = "List settlements", description = "Newest first. Pass nextCursor as cursor for the next page.")
    public SettlementPage list(@AuthenticationPrincipal TallyPrincipal caller,
                               @Parameter(description = "Only the settlement of this invoice")
                               @RequestParam(required = false) String invoiceId,
                               @Parameter(description = "Created at or after this ISO-8601 instant")
                               @RequestParam(required = false) String from,
                               @Parameter(description = "Created before this ISO-8601 instant")
                               @RequestParam(required = false) String to,
                               @Parameter(description = "1 to 100, default 20")
                               @RequestParam(required = false) String limit,
                               @RequestParam(required = false) String cursor) {
        var merchantId = caller.requireMerchant();
        List<FieldError> errors = new ArrayList<>();
        InvoiceId invoice = null;
        if (invoiceId != null) {
            if (InvoiceId.isValid(invoiceId.strip())) {
                invoice = InvoiceId.of(invoiceId.strip());
            } else {
                errors.add(new FieldError("invoiceId", "is not an invoice id"));
            }
        }
        Instant fromInstant = QueryParameters.instant("from", from, errors);
        Instant toInstant = QueryParameters.instant("to", to, errors);
        if (fromInstant != null && toInstant != null && !toInstant.isAfter(fromInstant)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        int parsedLimit = QueryParameters.limit(limit, ListSettlements.LIMIT_DEFAULT, ListSettlements.LIMIT_MAX, errors);
        QueryParameters.cursor(cursor, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return queries.query(new ListSettlements(merchantId, invoice, fromInstant, toInstant, parsedLimit, cursor,
                                                 caller.mode()),
                             ResponseTypes.instanceOf(SettlementPage.class)).join();
    }
}
