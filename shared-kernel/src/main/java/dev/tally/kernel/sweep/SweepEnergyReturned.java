package dev.tally.kernel.sweep;

import java.time.Instant;

import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;

/**
 * Tron: the energy delegated to a sweep's deposit address from the platform's staked TRX was taken back, once the
 * sweep was final; what the delegation and its return cost the resource account. The sweep's status does not change.
 */
public record SweepEnergyReturned(SweepId sweepId, Chain chain, Mode mode, String delegationTxHash,
                                  NetworkFee delegationFee, String returnTxHash, NetworkFee returnFee, Instant at) {
}
