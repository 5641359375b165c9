package dev.tally.command.payout;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payout.ConfirmPayout;
import dev.tally.kernel.payout.CreatePayout;
import dev.tally.kernel.payout.FailPayout;
import dev.tally.kernel.payout.PayoutBroadcast;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.payout.PayoutStatus;
import dev.tally.kernel.payout.RecordPayoutBroadcast;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One payout on chain, after its merchant's funds reserved its amount. Every change goes through
 * {@link #transitionTo}, which checks {@link PayoutStatus}'s one transition table; a command that would repeat the
 * state the payout is in changes nothing (a redelivery), one that contradicts it is refused.
 *
 * <p>One transaction per payout: the hash recorded at broadcast is the only one it confirms or fails with, so the
 * same money is never sent twice under one payout. A transaction stuck unmined may be replaced by one with the same
 * nonce and higher fees (recorded broadcast again, with its hash): only one of them can be mined, and the payout is
 * confirmed with whichever was.
 */
@Aggregate
public class Payout {

    @AggregateIdentifier
    private PayoutId payoutId;
    private FundsId fundsId;
    private MerchantId merchantId;
    private Mode mode;
    private Chain chain;
    private String destination;
    private TokenAmount amount;
    /** What the merchant pays towards the network fee on top of the amount: zero when the platform bears it. */
    private TokenAmount networkFeeCharged;
    private PayoutTrigger trigger;
    private String txHash;
    /** Every transaction recorded for the payout: its first and its replacements, one nonce. */
    private final Set<String> txHashes = new HashSet<>();
    private PayoutStatus status;

    protected Payout() {
        // for Axon
    }

    @CommandHandler
    public Payout(CreatePayout command) {
        if (command.payoutId() == null || command.fundsId() == null || command.merchantId() == null
            || command.chain() == null || command.destination() == null || command.amount() == null
            || command.amount().isZero()) {
            throw DomainException.ruleViolation("payoutId, fundsId, merchantId, chain, destination and a non-zero "
                                                + "amount are required");
        }
        apply(new PayoutCreated(command.payoutId(), command.fundsId(), command.merchantId(), command.mode(),
                                command.chain(), command.destination(), command.amount(), command.requestedAt(),
                                PayoutStatus.PENDING, command.trigger() == null ? PayoutTrigger.MANUAL
                                                                                : command.trigger(),
                                command.networkFeeCharged()));
    }

    @CommandHandler
    void handle(RecordPayoutBroadcast command) {
        if (txHashes.contains(command.txHash())) {
            return; // recorded already (the payout may have moved on since: a redelivery changes nothing)
        }
        if (status != PayoutStatus.BROADCAST) { // else a replacement, broadcast as the payout is
            transitionTo(PayoutStatus.BROADCAST, "only a PENDING payout is broadcast");
        }
        apply(new PayoutBroadcast(payoutId, fundsId, merchantId, mode, chain, destination, amount, command.txHash(),
                                  command.at(), PayoutStatus.BROADCAST, trigger, networkFeeCharged));
    }

    @CommandHandler
    void handle(ConfirmPayout command) {
        if (status == PayoutStatus.CONFIRMED) {
            return;
        }
        if (!txHashes.contains(command.txHash())) {
            throw DomainException.invalidState("payout " + payoutId + " was broadcast as "
                                               + String.join(" or ", txHashes) + ", not "
                                               + command.txHash());
        }
        transitionTo(PayoutStatus.CONFIRMED, "only a BROADCAST payout is confirmed");
        apply(new PayoutConfirmed(payoutId, fundsId, merchantId, mode, chain, destination, amount, command.txHash(),
                                  command.blockNumber(), command.at(), PayoutStatus.CONFIRMED, trigger,
                                  command.networkFee(), networkFeeCharged));
    }

    @CommandHandler
    void handle(FailPayout command) {
        if (status == PayoutStatus.FAILED) {
            return;
        }
        transitionTo(PayoutStatus.FAILED, "a CONFIRMED payout cannot fail");
        String failed = command.txHash() != null && txHashes.contains(command.txHash()) ? command.txHash() : txHash;
        apply(new PayoutFailed(payoutId, fundsId, merchantId, mode, chain, destination, amount, failed,
                               command.reason(), command.at(), PayoutStatus.FAILED, trigger, command.networkFee(),
                               networkFeeCharged));
    }

    private void transitionTo(PayoutStatus next, String refusal) {
        if (!status.canTransitionTo(next)) {
            throw DomainException.invalidState("payout " + payoutId + " is " + status.code() + ": " + refusal);
        }
    }

    @EventSourcingHandler
    void on(PayoutCreated event) {
        payoutId = event.payoutId();
        fundsId = event.fundsId();
        merchantId = event.merchantId();
        mode = event.mode();
        chain = event.chain();
        destination = event.destination();
        amount = event.amount();
        networkFeeCharged = event.networkFeeCharged();
        trigger = event.trigger();
        status = event.status();
    }

    @EventSourcingHandler
    void on(PayoutBroadcast event) {
        txHash = event.txHash();
        txHashes.add(event.txHash());
        status = event.status();
    }

    @EventSourcingHandler
    void on(PayoutConfirmed event) {
        status = event.status();
    }

    @EventSourcingHandler
    void on(PayoutFailed event) {
        status = event.status();
    }

    PayoutStatus status() {
        return status;
    }
}
