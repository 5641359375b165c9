package dev.tally.kernel.sweep;

import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.TokenAmount;

import java.time.Instant;

/**
 * A sweep as one step of its life left it. Every sweep event carries it, so every reader copies it and none
 * re-derives a status.
 *
 * @param depositAddress  the deposit address swept, as its invoice gave it
 * @param derivationIndex its index under the deposit account (the signer derives its key from it)
 * @param amount          what is swept: the address's token balance at the chain's final block when it was decided
 * @param txHash          the sweep's transaction, once handed to the chain
 * @param networkFee      what the chain charged for the sweep's transaction (paid by the deposit address), once mined
 * @param topUpFee        what the chain charged the hot wallet for the gas it sent the deposit address first, null
 *                        when the address had enough
 * @param failureReason   why it failed
 * @param mode            live, or test: a sandbox deposit address swept on the sandbox chain (absent in events
 *                        written before sandbox sweeps: live)
 */
public record SweepState(SweepId sweepId, Chain chain, String depositAddress, long derivationIndex,
                         TokenAmount amount, SweepStatus status, String txHash, Long blockNumber,
                         NetworkFee networkFee, NetworkFee topUpFee, String failureReason, Instant requestedAt,
                         Instant updatedAt, Mode mode) {

    public SweepState {
        mode = Mode.orLive(mode);
    }

    /** A live sweep requested. */

    public static SweepState requested(SweepId sweepId, Chain chain, String depositAddress, long derivationIndex,
                                       TokenAmount amount, Instant at) {
        return requested(sweepId, chain, depositAddress, derivationIndex, amount, Mode.LIVE, at);
    }

    public static SweepState requested(SweepId sweepId, Chain chain, String depositAddress, long derivationIndex,
                                       TokenAmount amount, Mode mode, Instant at) {
        return new SweepState(sweepId, chain, depositAddress, derivationIndex, amount, SweepStatus.REQUESTED, null,
                              null, null, null, null, at, at, mode);
    }

    public SweepState broadcast(String hash, Instant at) {
        return new SweepState(sweepId, chain, depositAddress, derivationIndex, amount, SweepStatus.BROADCAST, hash,
                              null, null, null, null, requestedAt, at, mode);
    }

    public SweepState confirmed(long block, NetworkFee fee, NetworkFee topUp, Instant at) {
        return new SweepState(sweepId, chain, depositAddress, derivationIndex, amount, SweepStatus.CONFIRMED, txHash,
                              block, fee, topUp, null, requestedAt, at, mode);
    }

    public SweepState failed(String reason, NetworkFee fee, NetworkFee topUp, Instant at) {
        return new SweepState(sweepId, chain, depositAddress, derivationIndex, amount, SweepStatus.FAILED, txHash,
                              null, fee, topUp, reason, requestedAt, at, mode);
    }
}
