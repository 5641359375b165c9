package dev.tally.query.ledger;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.platform.security.Role;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Balances from the ledger: a merchant's own, or (admin) every merchant's and the platform's. */
@RestController
@RequestMapping(path = "/api/v1/balances", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Balances")
@SecurityRequirement(name = "apiKey")
public class BalanceQueryController {
    private final QueryGateway queries;

    public BalanceQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @PreAuthorize("hasRole('ADMIN') or (hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.SETTLEMENTS_READ
                  + "'))")
    @Operation(summary = "Get balances",
            description = "With a merchant key (scope settlements:read): the merchant's balances per asset — "
                          + "incoming (detected, unconfirmed payments), pending (confirmed, not yet settled) and "
                          + "available (settled net). With the admin key: every merchant's balances, the platform's "
                          + "fee revenue per asset and whether the ledger balances. Amounts are decimal strings.")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(
            oneOf = {MerchantBalances.class, LedgerBalances.class})))
    public Object get(@AuthenticationPrincipal TallyPrincipal caller,
                      @Parameter(description = "Admin key only: just this merchant's balances")
                      @RequestParam(required = false) String merchantId) {
        if (caller.role() == Role.ADMIN) {
            MerchantId only = null;
            if (merchantId != null) {
                if (!MerchantId.isValid(merchantId.strip())) {
                    throw new InvalidRequestException("merchantId", "is not a merchant id");
                }
                only = MerchantId.of(merchantId.strip());
            }
            return queries.query(new FindLedgerBalances(only), ResponseTypes.instanceOf(LedgerBalances.class))
                          .join();
        }
        MerchantId own = caller.requireMerchant();
        if (merchantId != null) {
            throw new InvalidRequestException("merchantId", "only the admin key may choose the merchant");
        }
        return queries.query(new FindMerchantBalances(own, caller.mode()),
                             ResponseTypes.instanceOf(MerchantBalances.class)).join();
    }
}
