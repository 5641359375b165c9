package dev.tally.kernel.sweep;

import java.time.Instant;

import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.money.NetworkFee;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Tron: the energy delegated to a final sweep's deposit address is back with the resource account, the undelegation
 * {@code returnTxHash} final on chain. What the delegation ({@code delegationFee}) and its return
 * ({@code returnFee}) cost the resource account, as the chain charged them. Recording it again changes nothing.
 */
public record RecordSweepEnergyReturned(@TargetAggregateIdentifier SweepId sweepId, String delegationTxHash,
                                        NetworkFee delegationFee, String returnTxHash, NetworkFee returnFee,
                                        Instant at) {
}
