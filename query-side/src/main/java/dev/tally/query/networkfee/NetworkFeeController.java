package dev.tally.query.networkfee;

import dev.tally.platform.web.FieldError;
import dev.tally.query.QueryParameters;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/** Reading the book of network fees (admin key). */
@RestController
@Tag(name = "Network fees")
@SecurityRequirement(name = "apiKey")
@PreAuthorize("hasRole('ADMIN')")
public class NetworkFeeController {
    private final QueryGateway queries;

    public NetworkFeeController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/v1/admin/network-fees", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The network-fee book", description = "What the chains charged for Tally's own transactions "
            + "(payouts, refunds, sweeps and the gas sent for them), in each chain's coin, exact: totals per account "
            + "(the platform's network-fee expense, and the wallets that paid) and the newest entries.")
    public NetworkFees get(@Parameter(description = "entries, 1 to 100, default 20")
                           @RequestParam(required = false) String limit) {
        List<FieldError> errors = new ArrayList<>();
        int size = QueryParameters.limit(limit, ListNetworkFees.LIMIT_DEFAULT, ListNetworkFees.LIMIT_MAX, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return queries.query(new ListNetworkFees(size), ResponseTypes.instanceOf(NetworkFees.class)).join();
    }
}
