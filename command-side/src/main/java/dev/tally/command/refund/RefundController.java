package dev.tally.command.refund;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.command.CommandSideProperties;
import dev.tally.command.MoneyOutRequests;
import dev.tally.command.RandomIds;
import dev.tally.command.address.WalletAddresses;
import dev.tally.command.idempotency.IdempotencyKeys;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.refund.ApproveRefund;
import dev.tally.kernel.refund.CancelRefund;
import dev.tally.kernel.refund.InvoiceRefundRequested;
import dev.tally.kernel.refund.RefundReservationRefused;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundView;
import dev.tally.kernel.refund.ReleaseInvoiceRefund;
import dev.tally.kernel.refund.RequestRefund;
import dev.tally.kernel.refund.ReserveRefund;
import dev.tally.kernel.refund.RetryRefund;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/** A merchant's refunds: requested against an invoice's settled money, approved, retried or cancelled. */
@RestController
@Tag(name = "Refunds")
@SecurityRequirement(name = "apiKey")
public class RefundController {

    /**
     * A refund request: an exact decimal amount of USDT; the customer's address, or none for a claim link; why.
     * {@code autoApprove}: pay the address the customer claims without waiting for {@code /approve}.
     */
    public record RefundRequest(@Schema(example = "2.00") String amount,
                                @Schema(example = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy",
                                        description = "the customer's address on the invoice's chain; leave it out "
                                                      + "for a claim link") String address,
                                @Schema(example = "overpaid") String reason,
                                Boolean autoApprove) {
    }

    /** Why a refund is cancelled (optional). */
    public record CancelRequest(String reason) {
    }

    private static final int MAX_REASON = 500;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final IdempotencyKeys idempotencyKeys;
    private final CommandSideProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final Environment environment;

    public RefundController(CommandGateway commands, QueryGateway queries, IdempotencyKeys idempotencyKeys,
                            CommandSideProperties properties, ObjectMapper json, Clock clock,
                            Environment environment) {
        this.environment = environment;
        this.commands = commands;
        this.queries = queries;
        this.idempotencyKeys = idempotencyKeys;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/api/v1/invoices/{invoiceId}/refunds", consumes = MediaType.APPLICATION_JSON_VALUE,
                 produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.REFUNDS_WRITE + "')")
    @Operation(summary = "Refund an invoice", description = "Refunds money the invoice holds, once final on chain: "
            + "first its unapplied funds (money that paid no invoice: a late payment not accepted, one after a cancel "
            + "or on top of a paid invoice), whole; then part or all of what it was paid once settled (an "
            + "overpayment's excess, or a full or partial refund), the platform giving its fee back pro rata and the "
            + "rest reserved from the merchant's available balance, like a payout. With `address`, the refund is paid there at once; without, the answer's `claimUrl` is a "
            + "claim link for the customer to give an address (until `claimExpiresAt`, tally.refunds.claim-expiry), "
            + "paid once the merchant approves it, or at once with `autoApprove`. Refused (422) beyond what the "
            + "invoice can still refund or what the balance covers. Send an Idempotency-Key so that a retried request "
            + "returns the first refund. Test refunds are paid on the sandbox chain; live ones where the signer "
            + "runs, on a chain with a live sender (422 elsewhere, saying why).")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = RefundView.class)))
    public ResponseEntity<String> request(@AuthenticationPrincipal TallyPrincipal caller,
                                          @PathVariable String invoiceId,
                                          @Parameter(description = "Unique per request, kept 24 h")
                                          @RequestHeader(name = "Idempotency-Key", required = false)
                                          String idempotencyKey,
                                          @RequestBody RefundRequest request) {
        MerchantId merchantId = caller.requireMerchant();
        if (!InvoiceId.isValid(invoiceId)) {
            throw DomainException.notFound("invoice " + invoiceId);
        }
        // Another merchant's invoice, or one of the other mode, is a 404 like an unknown one, whatever the body says.
        InvoiceView invoice = queries.query(new FindInvoice(merchantId, InvoiceId.of(invoiceId), caller.mode()),
                                            ResponseTypes.optionalInstanceOf(InvoiceView.class))
                                     .join().orElseThrow(() -> DomainException.notFound("invoice " + invoiceId));
        if (request == null) {
            throw new InvalidRequestException("body", "is required");
        }
        TokenAmount amount = MoneyOutRequests.positiveAmount(request.amount());
        Chain addressChain = null;
        String address = null;
        if (request.address() != null && request.address().isBlank()) {
            throw new InvalidRequestException("address", "must be the customer's address, or left out for a claim "
                                                         + "link");
        }
        if (request.address() != null) {
            addressChain = request.address().strip().startsWith("0x") ? Chain.ETHEREUM : Chain.TRON;
            address = WalletAddresses.normalized(addressChain, request.address(), "address");
        }
        String reason = reason(request.reason());
        MoneyOutRequests.requirePayable(caller, invoice.chain(), environment, "refunds");
        Chain chosenChain = addressChain;
        String chosenAddress = address;
        var response = idempotencyKeys.execute(merchantId, caller.mode(), idempotencyKey, request,
                                               () -> RandomIds.next(RefundId.PREFIX), claim -> {
            RefundId refundId = RefundId.of(claim.resourceId());
            InvoiceRefundRequested requested = commands.sendAndWait(new RequestRefund(
                    InvoiceId.of(invoiceId), merchantId, caller.mode(), refundId, amount, chosenAddress, chosenChain,
                    RandomIds.next("rfc_"), clock.instant().plus(properties.getRefunds().getClaimExpiry()),
                    Boolean.TRUE.equals(request.autoApprove()), reason));
            // The funds process reserves the merchant's share too; asking here answers the client at once.
            Object decided = commands.sendAndWait(new ReserveRefund(
                    FundsId.of(merchantId, caller.mode()), requested));
            if (decided instanceof RefundReservationRefused refused) {
                commands.sendAndWait(new ReleaseInvoiceRefund(requested.invoiceId(), refundId, refused.reason(),
                                                              refused.at()));
                throw DomainException.ruleViolation(refused.reason());
            }
            return new IdempotencyKeys.Response(201, toJson(RefundView.requested(requested)), false);
        });
        return IdempotencyKeys.httpAnswer(response, "/api/v1/refunds/", json).body(response.body());
    }

    @PostMapping(path = "/api/v1/refunds/{refundId}/approve", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.REFUNDS_WRITE + "')")
    @Operation(summary = "Approve a claimed refund", description = "Pays the address the customer gave on the claim "
            + "link. 409 while no address was given; approving again changes nothing.")
    public RefundView approve(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String refundId) {
        MerchantId merchantId = caller.requireMerchant();
        return RefundView.of(commands.<RefundState>sendAndWait(
                new ApproveRefund(refund(refundId), merchantId, caller.mode())));
    }

    @PostMapping(path = "/api/v1/refunds/{refundId}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.REFUNDS_WRITE + "')")
    @Operation(summary = "Retry a failed refund", description = "Pays a failed refund again, by a new transaction "
            + "(its `attempt` goes up). 409 unless it failed.")
    public RefundView retry(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String refundId) {
        MerchantId merchantId = caller.requireMerchant();
        return RefundView.of(commands.<RefundState>sendAndWait(
                new RetryRefund(refund(refundId), merchantId, caller.mode())));
    }

    @PostMapping(path = "/api/v1/refunds/{refundId}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.REFUNDS_WRITE + "')")
    @Operation(summary = "Cancel a refund", description = "Cancels a refund awaiting its address or approval, or "
            + "one that failed: the invoice can refund its money again and the merchant's share is available again. "
            + "409 once it is on its way or paid.")
    public RefundView cancel(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String refundId,
                             @RequestBody(required = false) CancelRequest request) {
        MerchantId merchantId = caller.requireMerchant();
        String reason = reason(request == null ? null : request.reason());
        return RefundView.of(commands.<RefundState>sendAndWait(
                new CancelRefund(refund(refundId), merchantId, caller.mode(), reason)));
    }

    /** A reason as given, stripped; at most {@link #MAX_REASON} characters, no NUL (it is shown and stored). */
    private static String reason(String given) {
        String reason = given == null || given.isBlank() ? null : given.strip();
        if (reason != null && (reason.length() > MAX_REASON || reason.indexOf('\0') >= 0)) {
            throw new InvalidRequestException("reason", "must be at most " + MAX_REASON + " characters, without NUL");
        }
        return reason;
    }

    private static RefundId refund(String id) {
        if (!RefundId.isValid(id)) {
            throw DomainException.notFound("refund " + id);
        }
        return RefundId.of(id);
    }

    private String toJson(RefundView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
