package dev.tally.watcher.sandbox;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.InvalidAmountException;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.config.TestMode;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;
import java.util.Optional;
import java.util.NoSuchElementException;

/**
 * The sandbox chain's API, so an integration can be tried end to end without real funds, faults included (as test
 * cards are for card payments): pay an invoice with a chosen outcome, reorganise a payment's block away, pause the
 * watcher as in an outage.
 */
@RestController
@ConditionalOnProperty(name = TestMode.PROPERTY, havingValue = "true", matchIfMissing = true)
@RequestMapping(path = "/api/v1/sandbox", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Sandbox")
@SecurityRequirement(name = "apiKey")
public class SandboxController {
    /** A look-alike token contract: same symbol, another address, so the watcher ignores it. */
    static final String FAKE_TOKEN_CONTRACT = "TFakeUsdtSandbox000000000000000000";
    /** 0.001 USDT: below the default dust threshold (0.01). */
    static final TokenAmount DUST = TokenAmount.ofBaseUnits(Asset.USDT, 1_000);

    private final SandboxChain chain;
    private final SandboxWatcher watcher;
    private final QueryGateway queries;
    private final ObjectProvider<SandboxPayouts> payouts;

    public SandboxController(SandboxChain chain, SandboxWatcher watcher, QueryGateway queries,
                             ObjectProvider<SandboxPayouts> payouts) {
        this.chain = chain;
        this.watcher = watcher;
        this.queries = queries;
        this.payouts = payouts;
    }

    public record PayRequest(String amount, String outcome) {
    }

    /** How a sandbox payment ends on chain. */
    public enum Outcome {
        /** A successful USDT transfer. */
        SUCCESS,
        /** A failed transaction carrying the transfer call: it moves nothing and never pays. */
        REVERTED,
        /** A transfer of a token with the same symbol at another contract: ignored. */
        FAKE_TOKEN,
        /** A transfer below the dust threshold: recorded, never pays. */
        DUST;

        static Outcome parse(String text) {
            if (text == null) {
                return SUCCESS;
            }
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("outcome", "must be one of success, reverted, fake-token, dust");
            }
        }

        String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public record SandboxPayment(PaymentId paymentId, String txHash, String to, String amount, String chain,
                                 String outcome) {
    }

    public record SandboxReorg(PaymentId paymentId, String txHash, long blockNumber) {
    }

    public record SandboxPayoutReorg(String payoutId, String txHash, long blockNumber) {
    }

    public record SandboxChainState(boolean paused, long head, long checkpoint) {
    }

    @PostMapping(path = "/invoices/{invoiceId}/pay", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_WRITE + "')")
    @Operation(summary = "Pay a test invoice on the sandbox chain", description = "Test keys only (403 for a "
            + "live key). Sends a simulated USDT transfer to the test invoice's deposit address; it is in the next "
            + "block and the watcher reports it like any other. "
            + "`amount` defaults to the invoice's amount; pay less or more to try under- and overpayment. "
            + "`outcome`: `success` (default), `reverted` (a failed transaction carrying the transfer call: it never "
            + "pays, whatever the invoice's confirmations), `fake-token` (same symbol, another contract: ignored), "
            + "`dust` (0.001 USDT: below the dust threshold, recorded, never pays).")
    public SandboxPayment pay(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String invoiceId,
                              @RequestBody(required = false) PayRequest request) {
        var merchantId = requireTestMerchant(caller);
        if (!InvoiceId.isValid(invoiceId)) {
            throw DomainException.notFound("invoice " + invoiceId);
        }
        Outcome outcome = Outcome.parse(request == null ? null : request.outcome());
        InvoiceView invoice = queries.query(new FindInvoice(merchantId, InvoiceId.of(invoiceId), Mode.TEST),
                                            ResponseTypes.optionalInstanceOf(InvoiceView.class))
                                     .join()
                                     .orElseThrow(() -> DomainException.notFound("invoice " + invoiceId));
        TokenAmount amount;
        try {
            String text = request == null || request.amount() == null ? invoice.amount() : request.amount();
            amount = outcome == Outcome.DUST ? DUST : TokenAmount.parse(text, invoice.asset());
        } catch (InvalidAmountException e) {
            throw new InvalidRequestException("amount", e.getMessage());
        }
        if (amount.isZero()) {
            throw new InvalidRequestException("amount", "must be greater than zero");
        }
        String contract = outcome == Outcome.FAKE_TOKEN ? FAKE_TOKEN_CONTRACT : SandboxChain.USDT_CONTRACT;
        // The sender is remembered with the chain, so a merchant can reorganise only its own payments.
        SandboxChain.Transfer transfer = chain.submit(invoice.chain(), contract, invoice.depositAddress(), amount,
                                                      outcome != Outcome.REVERTED, merchantId.value());
        return new SandboxPayment(PaymentId.of(transfer.chain(), transfer.txHash(), transfer.logIndex()),
                                  transfer.txHash(), transfer.to(), amount.toDecimalString(), transfer.chain().code(),
                                  outcome.code());
    }

    @PostMapping("/payments/{paymentId}/reorg")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_WRITE + "')")
    @Operation(summary = "Reorganise a sandbox payment's block away", description = "The block holding the "
            + "payment is replaced by one without it (the block's other transfers stay), as a chain reorganisation "
            + "does: before confirmation the payment is orphaned, after confirmation and before finality it is "
            + "reversed. Refused (409) once its block is final (`tally.sandbox.finality-depth` blocks deep) or while "
            + "it is not in a block yet.")
    public SandboxReorg reorg(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String paymentId) {
        MerchantId merchantId = requireTestMerchant(caller);
        if (!PaymentId.isValid(paymentId)) {
            throw DomainException.notFound("payment " + paymentId);
        }
        String txHash = PaymentId.of(paymentId).value().split(":")[1];
        return new SandboxReorg(PaymentId.of(paymentId), txHash,
                                reorgOwn(merchantId, txHash, "payment " + paymentId));
    }

    /**
     * Reorganises away the block of a transaction the merchant sent through the sandbox; another merchant's is
     * indistinguishable from an unknown one (404). Returns the block number it was in.
     */
    private long reorgOwn(MerchantId merchantId, String txHash, String what) {
        if (!chain.sender(txHash).equals(Optional.of(merchantId.value()))) {
            throw DomainException.notFound("sandbox " + what);
        }
        return reorgOut(txHash, what);
    }

    private long reorgOut(String txHash, String what) {
        try {
            return chain.reorgOut(txHash);
        } catch (NoSuchElementException e) {
            throw DomainException.invalidState(what + " is not in a block yet");
        } catch (IllegalStateException e) {
            throw DomainException.invalidState(e.getMessage());
        }
    }

    @PostMapping("/payouts/{payoutId}/reorg")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_WRITE + "')")
    @Operation(summary = "Reorganise a sandbox payout's block away", description = "The block holding the payout's "
            + "transaction is replaced by one without it, as a chain reorganisation does before finality. The payout "
            + "stays broadcast: its same transaction is handed to the chain again and confirmed once final; it is "
            + "never sent twice. Refused (409) once its block is final or while it is not in a block yet.")
    public SandboxPayoutReorg reorgPayout(@AuthenticationPrincipal TallyPrincipal caller,
                                          @PathVariable String payoutId) {
        MerchantId merchantId = requireTestMerchant(caller);
        if (!PayoutId.isValid(payoutId)) {
            throw DomainException.notFound("payout " + payoutId);
        }
        String txHash = SandboxPayouts.txHash(PayoutId.of(payoutId).value());
        return new SandboxPayoutReorg(payoutId, txHash, reorgOwn(merchantId, txHash, "payout " + payoutId));
    }

    @PostMapping("/refunds/{refundId}/reorg")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_WRITE + "')")
    @Operation(summary = "Reorganise a sandbox refund's block away", description = "The block holding the "
            + "transaction of the refund's latest attempt is replaced by one without it, as a chain reorganisation "
            + "does before finality. The refund stays broadcast: its same transaction is handed to the chain again "
            + "and confirmed once final; it is never sent twice. Refused (409) once its block is final or while it is "
            + "not in a block yet.")
    public SandboxPayoutReorg reorgRefund(@AuthenticationPrincipal TallyPrincipal caller,
                                          @PathVariable String refundId) {
        MerchantId merchantId = requireTestMerchant(caller);
        SandboxPayouts sender = payouts.getIfAvailable();
        if (!RefundId.isValid(refundId) || sender == null) {
            throw DomainException.notFound("refund " + refundId);
        }
        String txHash = sender.latestRefundTransaction(RefundId.of(refundId))
                              .orElseThrow(() -> DomainException.invalidState("refund " + refundId
                                                                              + " is not on chain yet"));
        return new SandboxPayoutReorg(refundId, txHash, reorgOwn(merchantId, txHash, "refund " + refundId));
    }

    @PostMapping("/sweeps/{sweepId}/reorg")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Reorganise a sandbox sweep's block away", description = "Admin key: sweeps move the "
            + "platform's custody. The block holding a test sweep's transaction is replaced by one without it, as a "
            + "chain reorganisation does before finality. The sweep stays broadcast: its same transaction is handed "
            + "to the chain again and confirmed once final; it never sweeps twice. Refused (409) once its block is "
            + "final or while it is not in a block yet.")
    public SandboxPayoutReorg reorgSweep(@PathVariable String sweepId) {
        if (!SweepId.isValid(sweepId)) {
            throw DomainException.notFound("sweep " + sweepId);
        }
        // A test sweep's one transaction has the hash the sandbox derived from it; a live sweep's is not here.
        String txHash = SandboxPayouts.txHash(sweepId);
        return new SandboxPayoutReorg(sweepId, txHash, reorgOut(txHash, "sweep " + sweepId));
    }

    /** The sandbox only ever touches test objects: a live key is refused before anything is looked up. */
    private static MerchantId requireTestMerchant(TallyPrincipal caller) {
        MerchantId merchantId = caller.requireMerchant();
        if (caller.mode().live()) {
            throw new DomainException(ErrorCode.FORBIDDEN, "the sandbox chain takes test keys (tly_test_…) and pays "
                    + "only test invoices; a live invoice is paid on its real chain");
        }
        return merchantId;
    }

    @PostMapping("/chain/pause")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Pause the sandbox watcher", description = "Blocks keep coming with their own times, but "
            + "the watcher does not scan them, as in a node or watcher outage. Payments made meanwhile are judged "
            + "by their block's time when it resumes.")
    public SandboxChainState pause() {
        watcher.pause();
        return state();
    }

    @PostMapping("/chain/resume")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Resume the sandbox watcher", description = "It catches up on every block produced while "
            + "paused.")
    public SandboxChainState resume() {
        watcher.resume();
        return state();
    }

    private SandboxChainState state() {
        return new SandboxChainState(watcher.isPaused(), chain.headNumber(), watcher.checkpoint());
    }
}
