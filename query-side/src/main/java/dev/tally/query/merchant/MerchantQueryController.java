package dev.tally.query.merchant;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.merchant.FindMerchant;
import dev.tally.kernel.merchant.MerchantView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/merchants", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Merchants")
@SecurityRequirement(name = "apiKey")
public class MerchantQueryController {
    private final QueryGateway queries;

    public MerchantQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{merchantId}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Get a merchant", description = "Admin only.")
    public MerchantView get(@PathVariable String merchantId) {
        if (!MerchantId.isValid(merchantId)) {
            throw DomainException.notFound("merchant " + merchantId);
        }
        return queries.query(new FindMerchant(MerchantId.of(merchantId)),
                             ResponseTypes.optionalInstanceOf(MerchantView.class))
                      .join()
                      .orElseThrow(() -> DomainException.notFound("merchant " + merchantId));
    }
}
