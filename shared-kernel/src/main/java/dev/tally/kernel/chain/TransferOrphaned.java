package dev.tally.kernel.chain;

import dev.tally.kernel.ids.PaymentId;

import java.time.Instant;

/** The block that held the transfer left the canonical chain (reorg). The transfer may be seen again later. */
public record TransferOrphaned(PaymentId paymentId, String blockHash, Instant observedAt) implements ChainObservation {
}
