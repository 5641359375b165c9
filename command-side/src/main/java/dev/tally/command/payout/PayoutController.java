package dev.tally.command.payout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.command.CommandSideProperties;
import dev.tally.command.MoneyOutRequests;
import dev.tally.command.RandomIds;
import dev.tally.command.address.WalletAddresses;
import dev.tally.command.idempotency.IdempotencyKeys;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.funds.ChangePayoutAddress;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutAddressChanged;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.funds.PayoutScheduleKind;
import dev.tally.kernel.funds.PayoutScheduleSet;
import dev.tally.kernel.funds.ReservePayout;
import dev.tally.kernel.funds.SetPayoutSchedule;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payout.PayoutAddressView;
import dev.tally.kernel.payout.PayoutView;
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
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * Requesting payouts of the available balance and setting the addresses they go to (merchant API key). Reading
 * them is the query side's. Test payouts are paid on the sandbox chain; live ones where the signer runs, on a chain
 * with a live sender ({@link dev.tally.platform.config.LiveMoneyOut}), and are refused elsewhere, saying why.
 */
@RestController
@Tag(name = "Payouts")
@SecurityRequirement(name = "apiKey")
public class PayoutController {

    /** A payout request: the chain it is paid on and an exact decimal amount of USDT. */
    public record PayoutRequest(String chain, String amount) {
    }

    /** A payout address: Tron base58check ({@code T…}) or an EVM address ({@code 0x…}, EIP-55 when mixed case). */
    public record PayoutAddressRequest(String address) {
    }

    /** A payout schedule: {@code manual}, {@code threshold} or {@code daily}, with its amount for the latter two. */
    public record PayoutScheduleRequest(String chain, String kind, String amount) {
    }

    /** The schedule now in force; {@code nextRunAt} for a daily one. */
    public record PayoutScheduleView(String chain, PayoutScheduleKind kind, String amount, Instant nextRunAt,
                                     boolean livemode) {
    }

    private final CommandGateway commands;
    private final IdempotencyKeys idempotencyKeys;
    private final CommandSideProperties properties;
    private final ObjectMapper json;

    private final Environment environment;

    public PayoutController(CommandGateway commands, IdempotencyKeys idempotencyKeys,
                            CommandSideProperties properties, ObjectMapper json, Environment environment) {
        this.environment = environment;
        this.commands = commands;
        this.idempotencyKeys = idempotencyKeys;
        this.properties = properties;
        this.json = json;
    }

    @PutMapping(path = "/api/v1/payout-addresses/{chain}", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.PAYOUTS_WRITE + "')")
    @Operation(summary = "Set the payout address of a chain", description = "The first address of a chain takes "
            + "effect at once. A change takes effect only after tally.payouts.address-change-delay (24 h by default): "
            + "until `effectiveAt`, payouts still go to `previous`, so a stolen API key cannot redirect money at "
            + "once. Setting the address that is already set (or already pending) changes nothing. One of Tally's own "
            + "deposit addresses is refused (422).")
    public PayoutAddressView setAddress(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String chain,
                                        @RequestBody PayoutAddressRequest request) {
        MerchantId merchantId = caller.requireMerchant();
        Chain payoutChain = chain(chain);
        String address = WalletAddresses.normalized(payoutChain, request == null ? null : request.address(),
                                                    "address");
        PayoutAddressChanged changed = commands.sendAndWait(new ChangePayoutAddress(
                FundsId.of(merchantId, caller.mode()), merchantId, caller.mode(), payoutChain, address,
                properties.getPayouts().getAddressChangeDelay()));
        return new PayoutAddressView(changed.chain().code(), changed.address(), changed.previous(),
                                     changed.requestedAt(), changed.effectiveAt(), caller.mode().live());
    }

    @PostMapping(path = "/api/v1/payouts", consumes = MediaType.APPLICATION_JSON_VALUE,
                 produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.PAYOUTS_WRITE + "')")
    @Operation(summary = "Request a payout", description = "Reserves the amount from the available balance (settled "
            + "money whose payments are final on chain, less what other payouts hold) and pays it to the payout "
            + "address in effect on the chain. Where the operator charges merchants towards the network fee "
            + "(tally.payouts.network-fee.<chain>), that is reserved too, on top of the amount, and shown as "
            + "networkFeeCharged. Refused (422) when the available balance does not cover it all, or no "
            + "address is set. Concurrent requests are decided one at a time: together they never take more than "
            + "the balance. Send an Idempotency-Key so that a retried request returns the first payout. Test payouts "
            + "are paid on the sandbox chain; live ones where the signer runs, on a chain with a live sender (422 "
            + "elsewhere, saying why).")
    @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = PayoutView.class)))
    public ResponseEntity<String> request(@AuthenticationPrincipal TallyPrincipal caller,
                                          @Parameter(description = "Unique per request, kept 24 h")
                                          @RequestHeader(name = "Idempotency-Key", required = false)
                                          String idempotencyKey,
                                          @RequestBody PayoutRequest request) {
        MerchantId merchantId = caller.requireMerchant();
        if (request == null) {
            throw new InvalidRequestException("body", "is required");
        }
        Chain chain = chain(request.chain());
        TokenAmount amount = MoneyOutRequests.positiveAmount(request.amount());
        MoneyOutRequests.requirePayable(caller, chain, environment, "payouts");
        var response = idempotencyKeys.execute(merchantId, caller.mode(), idempotencyKey, request,
                                               () -> RandomIds.next(PayoutId.PREFIX), claim -> {
            PayoutReserved reserved = commands.sendAndWait(new ReservePayout(
                    FundsId.of(merchantId, caller.mode()), merchantId, caller.mode(), PayoutId.of(claim.resourceId()),
                    chain, amount));
            return new IdempotencyKeys.Response(201, toJson(PayoutView.requested(reserved)), false);
        });
        return IdempotencyKeys.httpAnswer(response, "/api/v1/payouts/", json).body(response.body());
    }

    @PutMapping(path = "/api/v1/payout-schedule", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.PAYOUTS_WRITE + "')")
    @Operation(summary = "Set the payout schedule", description = "When the available balance is paid out without "
            + "being asked, to the chain's payout address: `manual` (never), `threshold` (as soon as it reaches "
            + "`amount`) or `daily` (every day at tally.payouts.daily-at UTC, when it is at least `amount`). A "
            + "scheduled payout takes the whole available balance; it is reserved like a requested one, so scheduled "
            + "and requested payouts together never take more than the balance. Live schedules where live payouts "
            + "are paid, as requested payouts are.")
    public PayoutScheduleView setSchedule(@AuthenticationPrincipal TallyPrincipal caller,
                                          @RequestBody PayoutScheduleRequest request) {
        MerchantId merchantId = caller.requireMerchant();
        if (request == null) {
            throw new InvalidRequestException("body", "is required");
        }
        Chain chain = chain(request.chain());
        PayoutScheduleKind kind = PayoutScheduleKind.fromCode(request.kind()).orElseThrow(
                () -> new InvalidRequestException("kind", "must be one of manual, threshold, daily"));
        TokenAmount amount = kind == PayoutScheduleKind.MANUAL ? null
                                                               : MoneyOutRequests.positiveAmount(request.amount());
        MoneyOutRequests.requirePayable(caller, chain, environment, "payouts");
        PayoutScheduleSet set = commands.sendAndWait(new SetPayoutSchedule(
                FundsId.of(merchantId, caller.mode()), merchantId, caller.mode(), chain, kind, amount,
                properties.getPayouts().getDailyAt()));
        return new PayoutScheduleView(set.chain().code(), set.kind(),
                                      set.amount() == null ? null : set.amount().toDecimalString(), set.nextRunAt(),
                                      caller.mode().live());
    }

    private static Chain chain(String code) {
        return Chain.fromCode(code).orElseThrow(() -> new InvalidRequestException(
                "chain", "must be one of tron, ethereum"));
    }

    private String toJson(PayoutView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
