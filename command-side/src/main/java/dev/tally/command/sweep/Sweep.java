package dev.tally.command.sweep;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.sweep.ConfirmSweep;
import dev.tally.kernel.sweep.FailSweep;
import dev.tally.kernel.sweep.RecordSweepBroadcast;
import dev.tally.kernel.sweep.RecordSweepEnergyReturned;
import dev.tally.kernel.sweep.RequestSweep;
import dev.tally.kernel.sweep.SweepBroadcast;
import dev.tally.kernel.sweep.SweepConfirmed;
import dev.tally.kernel.sweep.SweepEnergyReturned;
import dev.tally.kernel.sweep.SweepEvent;
import dev.tally.kernel.sweep.SweepFailed;
import dev.tally.kernel.sweep.SweepRequested;
import dev.tally.kernel.sweep.SweepState;
import dev.tally.kernel.sweep.SweepStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One sweep of a deposit address's final money to the chain's hot wallet. Every change goes through
 * {@link #transitionTo}, which checks {@link SweepStatus}'s one transition table; a command that repeats the state the
 * sweep is in changes nothing (a redelivery, the planner asking again), one that contradicts it is refused.
 *
 * <p>One transaction per sweep: a sweep that failed leaves the money where it was, and a new sweep (a new id) takes it
 * later. A transaction stuck unmined may be replaced by one with the same nonce and higher fees (recorded broadcast
 * again): only one can be mined, and the sweep is confirmed with whichever was. Sweeps move the platform's custody
 * only: no merchant's balance changes.
 */
@Aggregate
public class Sweep {

    @AggregateIdentifier
    private SweepId sweepId;
    private SweepState state;
    /** Every transaction recorded for the sweep: its first and its replacements, one nonce. */
    private final Set<String> txHashes = new HashSet<>();
    /** Whether the energy delegated to its address (Tron) is recorded as taken back. */
    private boolean energyReturned;

    protected Sweep() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RequestSweep command) {
        if (state != null) {
            return; // requested already
        }
        if (command.sweepId() == null || command.chain() == null || command.depositAddress() == null
            || command.amount() == null || command.amount().isZero() || command.derivationIndex() < 0) {
            throw DomainException.ruleViolation("sweepId, chain, depositAddress, a derivation index and a non-zero "
                                                + "amount are required");
        }
        apply(new SweepRequested(SweepState.requested(command.sweepId(), command.chain(), command.depositAddress(),
                                                      command.derivationIndex(), command.amount(), command.mode(),
                                                      command.at())));
    }

    @CommandHandler
    void handle(RecordSweepBroadcast command) {
        if (txHashes.contains(command.txHash())) {
            return;
        }
        if (state.status() != SweepStatus.BROADCAST) { // else a replacement, broadcast as the sweep is
            transitionTo(SweepStatus.BROADCAST, "only a REQUESTED sweep is broadcast");
        }
        apply(new SweepBroadcast(state.broadcast(command.txHash(), command.at())));
    }

    @CommandHandler
    void handle(ConfirmSweep command) {
        if (state.status() == SweepStatus.CONFIRMED) {
            return;
        }
        if (!txHashes.contains(command.txHash())) {
            throw DomainException.invalidState("sweep " + sweepId + " was broadcast as "
                                               + String.join(" or ", txHashes) + ", not "
                                               + command.txHash());
        }
        transitionTo(SweepStatus.CONFIRMED, "only a BROADCAST sweep is confirmed");
        SweepState mined = state.broadcast(command.txHash(), state.updatedAt());
        apply(new SweepConfirmed(mined.confirmed(command.blockNumber(), command.networkFee(), command.topUpFee(),
                                                 command.at())));
    }

    @CommandHandler
    void handle(FailSweep command) {
        if (state.status() == SweepStatus.FAILED) {
            return;
        }
        transitionTo(SweepStatus.FAILED, "a CONFIRMED sweep cannot fail");
        SweepState failing = command.txHash() != null && txHashes.contains(command.txHash())
                ? state.broadcast(command.txHash(), state.updatedAt()) : state;
        apply(new SweepFailed(failing.failed(command.reason(), command.networkFee(), command.topUpFee(),
                                             command.at())));
    }

    /** Tron: the energy delegated to the address is back, once the sweep is final; recorded once. */
    @CommandHandler
    void handle(RecordSweepEnergyReturned command) {
        if (energyReturned) {
            return;
        }
        if (state.status() != SweepStatus.CONFIRMED && state.status() != SweepStatus.FAILED) {
            throw DomainException.invalidState("sweep " + sweepId + " is " + state.status().code()
                                               + ": its energy is taken back once it is final");
        }
        apply(new SweepEnergyReturned(sweepId, state.chain(), state.mode(), command.delegationTxHash(),
                                      command.delegationFee(), command.returnTxHash(), command.returnFee(),
                                      command.at()));
    }

    @EventSourcingHandler
    void on(SweepEnergyReturned event) {
        energyReturned = true;
    }

    private void transitionTo(SweepStatus next, String refusal) {
        if (!state.status().canTransitionTo(next)) {
            throw DomainException.invalidState("sweep " + sweepId + " is " + state.status().code() + ": " + refusal);
        }
    }

    @EventSourcingHandler
    void on(SweepEvent event) {
        sweepId = event.sweep().sweepId();
        state = event.sweep();
        if (event.sweep().txHash() != null) {
            txHashes.add(event.sweep().txHash());
        }
    }

    SweepState state() {
        return state;
    }
}
