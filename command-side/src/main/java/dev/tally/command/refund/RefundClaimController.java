package dev.tally.command.refund;

import dev.tally.command.address.WalletAddresses;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.refund.ClaimRefundAddress;
import dev.tally.kernel.refund.FindRefundClaim;
import dev.tally.kernel.refund.RefundClaimView;
import dev.tally.kernel.refund.RefundState;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;


/** The customer's side of a refund's claim link: giving the address to be refunded to. No API key: the link is it. */
@RestController
@Tag(name = "Public")
public class RefundClaimController {

    /** The customer's address on the refund's chain. */
    public record ClaimRequest(String address) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;

    public RefundClaimController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @PostMapping(path = "/api/v1/public/refund-claims/{claimId}", consumes = MediaType.APPLICATION_JSON_VALUE,
                 produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Give the address of a refund", description = "The customer's address on the refund's "
            + "chain (Tron base58check, or EIP-55 for EVM chains). 400 for an address that is not one, 404 for an "
            + "unknown link, 409 once another address was given or the link expired.")
    public RefundClaimView claim(@PathVariable String claimId, @RequestBody ClaimRequest request) {
        if (!FindRefundClaim.isClaimId(claimId)) {
            throw DomainException.notFound("refund claim " + claimId);
        }
        RefundClaimView claim = queries.query(new FindRefundClaim(claimId),
                                              ResponseTypes.optionalInstanceOf(RefundClaimView.class))
                                       .join().orElseThrow(() -> DomainException.notFound("refund claim " + claimId));
        Chain chain = Chain.fromCode(claim.chain()).orElseThrow();
        if (request == null) {
            throw new InvalidRequestException("body", "is required");
        }
        String address = WalletAddresses.normalized(chain, request.address(), "address");
        RefundState after = commands.sendAndWait(new ClaimRefundAddress(RefundId.of(claim.refundId()), claimId,
                                                                        address));
        return new RefundClaimView(claim.refundId(), claim.invoiceId(), claim.merchantName(), claim.chain(),
                                   claim.asset(), claim.amount(), after.status(), after.address(), after.txHash(),
                                   after.claimExpiresAt(), claim.livemode());
    }
}
