package dev.tally.signer;

import java.util.Optional;
import java.util.function.Function;

import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payout.PayoutBroadcast;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.payout.PayoutStatus;
import dev.tally.kernel.refund.RefundEvent;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.signing.TransferIntent;
import dev.tally.kernel.sweep.SweepEvent;
import dev.tally.kernel.sweep.SweepState;
import dev.tally.kernel.sweep.SweepStatus;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Where the signer learns what a refund, payout or sweep is: from its own events in the event store, never from the
 * caller. Refund and sweep events carry the whole refund or sweep; a payout's last event says its status, and its
 * creation where it pays. A sweep pays the hot wallet; its gas goes from the hot wallet to the deposit address, and its
 * energy (Tron) from the resource account to the deposit address.
 */
final class IntentBook {
    private final EventStore events;
    private final Function<Chain, String> hotWallets;

    IntentBook(EventStore events, Function<Chain, String> hotWallets) {
        this.events = events;
        this.hotWallets = hotWallets;
    }

    /** The sequence number of an aggregate's last event, empty when it has none. */
    Optional<Long> lastSequenceOf(String aggregateId) {
        return events.lastSequenceNumberFor(aggregateId);
    }

    Optional<IntentFacts> find(TransferIntent intent) {
        return switch (intent.kind()) {
            case REFUND -> RefundId.isValid(intent.id()) ? refund(intent.id()) : Optional.empty();
            case PAYOUT -> PayoutId.isValid(intent.id()) ? payout(intent.id()) : Optional.empty();
            case SWEEP, SWEEP_GAS, SWEEP_ENERGY, SWEEP_ENERGY_RETURN ->
                    SweepId.isValid(intent.id()) ? sweep(intent) : Optional.empty();
        };
    }

    private Optional<IntentFacts> sweep(TransferIntent intent) {
        TransferIntent.Kind kind = intent.kind();
        String id = intent.id();
        SweepState last = null;
        DomainEventStream stream = events.readEvents(id);
        while (stream.hasNext()) {
            if (stream.next().getPayload() instanceof SweepEvent event) {
                last = event.sweep();
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        // Its energy is taken back once its transaction is final; everything else is signed while it is requested.
        boolean ready = kind == TransferIntent.Kind.SWEEP_ENERGY_RETURN
                ? last.status() == SweepStatus.CONFIRMED || last.status() == SweepStatus.FAILED
                : last.status() == SweepStatus.REQUESTED;
        String hotWallet = hotWallets.apply(last.chain());
        return Optional.of(kind == TransferIntent.Kind.SWEEP
                ? new IntentFacts(kind, id, null, last.mode(), last.chain(), last.depositAddress(),
                                  last.derivationIndex(), hotWallet, last.amount(), last.status().code(), ready, 1)
                : new IntentFacts(kind, id, null, last.mode(), last.chain(), null, last.derivationIndex(),
                                  last.depositAddress(),
                                  TokenAmount.zero(last.amount().asset()), last.status().code(), ready,
                                  kind == TransferIntent.Kind.SWEEP_ENERGY_RETURN ? intent.attempt() : 1));
    }

    private Optional<IntentFacts> refund(String id) {
        RefundState last = null;
        DomainEventStream stream = events.readEvents(id);
        while (stream.hasNext()) {
            if (stream.next().getPayload() instanceof RefundEvent event) {
                last = event.refund();
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        return Optional.of(IntentFacts.fromHotWallet(TransferIntent.Kind.REFUND, id, last.merchantId(),
                                                     last.mode(), last.chain(), last.address(), last.amount(),
                                                     last.status().code(), last.status() == RefundStatus.APPROVED,
                                                     last.attempt()));
    }

    private Optional<IntentFacts> payout(String id) {
        PayoutCreated created = null;
        PayoutStatus status = null;
        DomainEventStream stream = events.readEvents(id);
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof PayoutCreated event) {
                created = event;
                status = event.status();
            } else if (payload instanceof PayoutBroadcast event) {
                status = event.status();
            } else if (payload instanceof PayoutConfirmed event) {
                status = event.status();
            } else if (payload instanceof PayoutFailed event) {
                status = event.status();
            }
        }
        if (created == null) {
            return Optional.empty();
        }
        return Optional.of(IntentFacts.fromHotWallet(TransferIntent.Kind.PAYOUT, id, created.merchantId(),
                                                     created.mode(), created.chain(), created.destination(),
                                                     created.amount(), status.code(),
                                                     status == PayoutStatus.PENDING, 1));
    }
}
