package dev.tally.query.refund;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.refund.FindRefundClaim;
import dev.tally.kernel.refund.RefundClaimView;
import dev.tally.kernel.refund.RefundView;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.FieldError;
import dev.tally.platform.web.InvalidRequestException;
import dev.tally.query.QueryParameters;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/** Reading refunds: the merchant's, by key; one claim link's, by its secret. */
@RestController
@Tag(name = "Refunds")
public class RefundQueryController {
    private final QueryGateway queries;

    public RefundQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/v1/refunds/{refundId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.REFUNDS_READ + "')")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Get a refund", description = "Its status (awaiting_address, awaiting_approval, approved, "
            + "broadcast, confirmed, failed, cancelled), amounts (what the customer gets, the fee given back, the "
            + "merchant's share), address or claim link, and its transaction once broadcast.")
    public RefundView get(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String refundId) {
        var merchantId = caller.requireMerchant();
        if (!RefundId.isValid(refundId)) {
            throw DomainException.notFound("refund " + refundId);
        }
        return queries.query(new FindRefund(merchantId, RefundId.of(refundId), caller.mode()),
                             ResponseTypes.optionalInstanceOf(RefundView.class))
                      .join()
                      .orElseThrow(() -> DomainException.notFound("refund " + refundId));
    }

    @GetMapping(path = "/api/v1/refunds", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.REFUNDS_READ + "')")
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "List refunds", description = "Newest first (pass nextCursor as cursor for the next page); "
            + "only one invoice's with invoiceId.")
    public RefundPage list(@AuthenticationPrincipal TallyPrincipal caller,
                           @RequestParam(required = false) String invoiceId,
                           @Parameter(description = "1 to 100, default 20")
                           @RequestParam(required = false) String limit,
                           @RequestParam(required = false) String cursor) {
        var merchantId = caller.requireMerchant();
        List<FieldError> errors = new ArrayList<>();
        if (invoiceId != null && !InvoiceId.isValid(invoiceId)) {
            errors.add(new FieldError("invoiceId", "is not an invoice id"));
        }
        int size = QueryParameters.limit(limit, ListRefunds.LIMIT_DEFAULT, ListRefunds.LIMIT_MAX, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return queries.query(new ListRefunds(merchantId, caller.mode(),
                                             invoiceId == null ? null : InvoiceId.of(invoiceId), size, cursor),
                             ResponseTypes.instanceOf(RefundPage.class)).join();
    }

    @GetMapping(path = "/api/v1/public/refund-claims/{claimId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Tag(name = "Public")
    @Operation(summary = "A refund's claim link", description = "What the customer is refunded (amount, chain), "
            + "where it stands, and until when an address can be given. No API key: the link is the secret.")
    public RefundClaimView claim(@PathVariable String claimId) {
        if (!FindRefundClaim.isClaimId(claimId)) {
            throw DomainException.notFound("refund claim " + claimId);
        }
        return queries.query(new FindRefundClaim(claimId), ResponseTypes.optionalInstanceOf(RefundClaimView.class))
                      .join()
                      .orElseThrow(() -> DomainException.notFound("refund claim " + claimId));
    }
}
