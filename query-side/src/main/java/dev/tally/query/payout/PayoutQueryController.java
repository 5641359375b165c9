package dev.tally.query.payout;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.payout.PayoutAddressView;
import dev.tally.kernel.payout.PayoutView;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Reading payouts, the balances they draw on and the payout addresses (merchant API key). */
@RestController
@Tag(name = "Payouts")
@SecurityRequirement(name = "apiKey")
public class PayoutQueryController {
    private final QueryGateway queries;

    public PayoutQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/v1/payouts/{payoutId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.PAYOUTS_READ + "')")
    @Operation(summary = "Get a payout", description = "Its status (pending, broadcast, confirmed, failed), amount, "
            + "destination, and its transaction's hash once broadcast.")
    public PayoutView get(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String payoutId) {
        var merchantId = caller.requireMerchant();
        if (!PayoutId.isValid(payoutId)) {
            throw DomainException.notFound("payout " + payoutId);
        }
        return queries.query(new FindPayout(merchantId, PayoutId.of(payoutId), caller.mode()),
                             ResponseTypes.optionalInstanceOf(PayoutView.class))
                      .join()
                      .orElseThrow(() -> DomainException.notFound("payout " + payoutId));
    }

    @GetMapping(path = "/api/v1/payouts", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.PAYOUTS_READ + "')")
    @Operation(summary = "List payouts and balances", description = "Payouts newest first (pass nextCursor as cursor "
            + "for the next page), with the balances per asset: pending (settled, not yet final on chain), available "
            + "(what a payout may take) and reserved (held by payouts not yet confirmed).")
    public PayoutPage list(@AuthenticationPrincipal TallyPrincipal caller,
                           @Parameter(description = "1 to 100, default 20")
                           @RequestParam(required = false) String limit,
                           @RequestParam(required = false) String cursor) {
        var merchantId = caller.requireMerchant();
        int size = ListPayouts.LIMIT_DEFAULT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > ListPayouts.LIMIT_MAX) {
                throw new InvalidRequestException(List.of(new FieldError("limit", "must be a whole number from 1 to "
                                                                                  + ListPayouts.LIMIT_MAX)));
            }
        }
        return queries.query(new ListPayouts(merchantId, caller.mode(), size, cursor),
                             ResponseTypes.instanceOf(PayoutPage.class)).join();
    }

    @GetMapping(path = "/api/v1/payout-addresses", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.PAYOUTS_READ + "')")
    @Operation(summary = "List payout addresses", description = "One per chain that has one, with a pending change's "
            + "effectiveAt and the address payouts go to until then (previous).")
    public List<PayoutAddressView> addresses(@AuthenticationPrincipal TallyPrincipal caller) {
        var merchantId = caller.requireMerchant();
        return queries.query(new ListPayoutAddresses(merchantId, caller.mode()),
                             ResponseTypes.multipleInstancesOf(PayoutAddressView.class)).join();
    }
}
