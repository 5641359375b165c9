package dev.tally.command.refund;

import dev.tally.command.funds.OwnAddresses;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.refund.ApproveRefund;
import dev.tally.kernel.refund.CancelRefund;
import dev.tally.kernel.refund.ClaimRefundAddress;
import dev.tally.kernel.refund.ConfirmRefund;
import dev.tally.kernel.refund.CreateRefund;
import dev.tally.kernel.refund.FailRefund;
import dev.tally.kernel.refund.InvoiceRefundRequested;
import dev.tally.kernel.refund.RecordRefundBroadcast;
import dev.tally.kernel.refund.RefundAddressClaimed;
import dev.tally.kernel.refund.RefundApproved;
import dev.tally.kernel.refund.RefundBroadcast;
import dev.tally.kernel.refund.RefundCancelled;
import dev.tally.kernel.refund.RefundConfirmed;
import dev.tally.kernel.refund.RefundCreated;
import dev.tally.kernel.refund.RefundEvent;
import dev.tally.kernel.refund.RefundFailed;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.refund.RetryRefund;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A refund to a customer, once its invoice holds its money and its merchant's balance reserved its share. It waits
 * for the customer's address on its claim link (cancelled when the link expires unclaimed), for the merchant's
 * approval, then is paid by one transaction per attempt and followed to finality. {@link RefundStatus} says which
 * step may follow which; every event carries the refund as it leaves it.
 */
@Aggregate
public class Refund {
    static final String CLAIM_EXPIRY = "refund-claim-expiry";
    static final String CLAIM_EXPIRED = "the claim link expired before the customer gave an address";

    @AggregateIdentifier
    private RefundId refundId;
    private RefundState state;
    /**
     * The current attempt's transactions: its first and its replacements (the same nonce, higher fees), of which only
     * one can be mined.
     */
    private final Set<String> attemptTxHashes = new HashSet<>();

    protected Refund() {
        // for Axon
    }

    @CommandHandler
    public Refund(CreateRefund command, Clock clock, DeadlineManager deadlines) {
        InvoiceRefundRequested request = command.request();
        if (!command.refundId().equals(request.refundId())) {
            throw DomainException.ruleViolation("refund " + command.refundId() + " is not the one requested");
        }
        Instant now = clock.instant();
        boolean claim = request.address() == null;
        Instant claimExpiresAt = request.claimExpiresAt();
        apply(new RefundCreated(new RefundState(
                request.refundId(), request.invoiceId(), request.merchantId(), request.mode(), request.chain(),
                request.split().amount(), request.split().feeReversed(), request.split().merchantShare(),
                request.split().unappliedShare(), request.reason(),
                claim ? RefundStatus.AWAITING_ADDRESS : RefundStatus.APPROVED,
                request.claimId(), claimExpiresAt, request.address(), request.autoApprove(), 1, null, null, null,
                request.at(), now)));
        if (claim) {
            deadlines.schedule(claimExpiresAt, CLAIM_EXPIRY);
        }
    }

    /** The customer's address, from the claim link; paid at once when the merchant asked for that. */
    @CommandHandler
    RefundState handle(ClaimRefundAddress command, Clock clock, OwnAddresses own) {
        if (state.claimId() == null || !state.claimId().equals(command.claimId())) {
            throw DomainException.notFound("refund claim " + command.claimId());
        }
        if (state.status() != RefundStatus.AWAITING_ADDRESS) {
            if (command.address().equals(state.address())) {
                return state; // the same address again
            }
            throw DomainException.invalidState(state.status() == RefundStatus.CANCELLED
                    ? "this refund was cancelled: " + state.failureReason()
                    : "the address of this refund was already given");
        }
        if (own.isDepositAddress(state.chain(), command.address())) {
            throw DomainException.ruleViolation("that address is one of Tally's deposit addresses; give an address "
                                                + "of your own wallet");
        }
        RefundStatus next = state.autoApprove() ? RefundStatus.APPROVED : RefundStatus.AWAITING_APPROVAL;
        apply(new RefundAddressClaimed(state.withAddress(command.address()).moved(next, clock.instant())));
        return state;
    }

    /** The claim link expired unclaimed: cancelled as of its expiry, also when the deadline runs late (a restart). */
    @DeadlineHandler(deadlineName = CLAIM_EXPIRY)
    void onClaimExpiry() {
        if (state.status() == RefundStatus.AWAITING_ADDRESS) {
            apply(new RefundCancelled(state.moved(RefundStatus.CANCELLED, state.claimExpiresAt())
                                           .withTransaction(null, null, CLAIM_EXPIRED)));
        }
    }

    @CommandHandler
    RefundState handle(ApproveRefund command, Clock clock) {
        requireOwner(command.merchantId(), command.mode());
        if (state.status() == RefundStatus.AWAITING_ADDRESS) {
            throw DomainException.invalidState("refund " + refundId + " has no address yet: the customer has not "
                                               + "used the claim link");
        }
        if (state.status() == RefundStatus.FAILED || state.status() == RefundStatus.CANCELLED) {
            throw DomainException.invalidState("refund " + refundId + " is " + state.status().code()
                                               + (state.status() == RefundStatus.FAILED
                                                  ? ": retry it, or cancel it" : ""));
        }
        if (state.status() != RefundStatus.AWAITING_APPROVAL) {
            return state; // approved already, on its way, or paid
        }
        apply(new RefundApproved(state.moved(RefundStatus.APPROVED, clock.instant())));
        return state;
    }

    @CommandHandler
    RefundState handle(RetryRefund command, Clock clock) {
        requireOwner(command.merchantId(), command.mode());
        transitionTo(RefundStatus.APPROVED, "only a FAILED refund is retried");
        apply(new RefundApproved(state.nextAttempt().moved(RefundStatus.APPROVED, clock.instant())));
        return state;
    }

    @CommandHandler
    RefundState handle(CancelRefund command, Clock clock) {
        requireOwner(command.merchantId(), command.mode());
        if (state.status() == RefundStatus.CANCELLED) {
            return state;
        }
        transitionTo(RefundStatus.CANCELLED, "a refund on its way or paid cannot be cancelled");
        String reason = command.reason() == null || command.reason().isBlank() ? "cancelled by the merchant"
                                                                              : command.reason();
        apply(new RefundCancelled(state.moved(RefundStatus.CANCELLED, clock.instant())
                                       .withTransaction(state.txHash(), state.blockNumber(), reason)));
        return state;
    }

    @CommandHandler
    void handle(RecordRefundBroadcast command) {
        if (command.txHash().equals(state.txHash())
            || command.attempt() == state.attempt() && attemptTxHashes.contains(command.txHash())) {
            return; // recorded already (the refund may have moved on since: a redelivery changes nothing)
        }
        if (command.attempt() != state.attempt()) {
            throw DomainException.invalidState("refund " + refundId + " is at attempt " + state.attempt() + ", not "
                                               + command.attempt());
        }
        if (state.status() != RefundStatus.BROADCAST) { // else a replacement, broadcast as the refund is
            transitionTo(RefundStatus.BROADCAST, "only an APPROVED refund is broadcast");
        }
        apply(new RefundBroadcast(state.withTransaction(command.txHash(), null, null)
                                       .moved(RefundStatus.BROADCAST, command.at())));
    }

    @CommandHandler
    void handle(ConfirmRefund command) {
        if (state.status() == RefundStatus.CONFIRMED) {
            return;
        }
        requireTransaction(command.txHash());
        transitionTo(RefundStatus.CONFIRMED, "only a BROADCAST refund is confirmed");
        apply(new RefundConfirmed(state.withTransaction(command.txHash(), command.blockNumber(), null)
                                       .withNetworkFee(command.networkFee())
                                       .moved(RefundStatus.CONFIRMED, command.at())));
    }

    @CommandHandler
    void handle(FailRefund command) {
        if (state.status() == RefundStatus.FAILED && Objects.equals(command.txHash(), state.txHash())) {
            return;
        }
        if (state.status() == RefundStatus.APPROVED) {
            // Its attempt's transaction never made it on chain (not signed, or another took its nonce): the hash,
            // when there is one, is kept with the failure.
            transitionTo(RefundStatus.FAILED, "only an APPROVED or BROADCAST refund fails");
            apply(new RefundFailed(state.withTransaction(command.txHash(), null, command.reason())
                                        .moved(RefundStatus.FAILED, command.at())));
            return;
        }
        requireTransaction(command.txHash());
        transitionTo(RefundStatus.FAILED, "only an APPROVED or BROADCAST refund fails");
        apply(new RefundFailed(state.withTransaction(command.txHash(), null, command.reason())
                                    .withNetworkFee(command.networkFee())
                                    .moved(RefundStatus.FAILED, command.at())));
    }

    private void requireTransaction(String txHash) {
        if (!Objects.equals(txHash, state.txHash()) && !attemptTxHashes.contains(txHash)) {
            throw DomainException.invalidState("refund " + refundId + " was broadcast as " + state.txHash() + ", not "
                                               + txHash);
        }
    }

    private void requireOwner(MerchantId merchant, Mode mode) {
        if (!state.merchantId().equals(merchant) || state.mode() != Mode.orLive(mode)) {
            throw DomainException.notFound("refund " + refundId);
        }
    }

    private void transitionTo(RefundStatus next, String refusal) {
        if (!state.status().canTransitionTo(next)) {
            throw DomainException.invalidState("refund " + refundId + " is " + state.status().code() + ": "
                                               + refusal);
        }
    }

    /** Every step carries the whole refund as it leaves it. */
    @EventSourcingHandler
    void on(RefundEvent event) {
        if (state != null && event.refund().attempt() != state.attempt()) {
            attemptTxHashes.clear();
        }
        refundId = event.refund().refundId();
        state = event.refund();
        if (event.refund().status() == RefundStatus.BROADCAST) {
            attemptTxHashes.add(event.refund().txHash());
        }
    }

    RefundState state() {
        return state;
    }
}
