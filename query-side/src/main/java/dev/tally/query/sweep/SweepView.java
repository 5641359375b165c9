package dev.tally.query.sweep;

import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.sweep.SweepStatus;

import java.time.Instant;

/**
 * A sweep as the operator reads it. {@code amount} is an exact decimal string; {@code txHash} is set from
 * {@code broadcast} on; {@code networkFee} what the sweep's transaction cost (paid from the deposit address's gas),
 * {@code topUpFee} what sending that gas cost the hot wallet (null when the address had enough), both once mined;
 * {@code failureReason} only when {@code failed}; {@code mode} test for a sweep of test money on the sandbox chain.
 */
public record SweepView(String id, String chain, String depositAddress, Asset asset, String amount,
                        SweepStatus status, String txHash, Long blockNumber, NetworkFee networkFee,
                        NetworkFee topUpFee, String failureReason, Instant requestedAt, Instant updatedAt,
                        Mode mode) {
}
