package dev.tally.kernel.payment;

import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A transfer to an address that belongs to no payable invoice (unknown address, or an invoice past its monitoring
 * window). Recorded for the operator; never credited to anyone.
 */
@Revision("1")
public record UnmatchedTransferRecorded(PaymentId paymentId, Chain chain, String txHash, int logIndex,
                                        String tokenContract, String fromAddress, String toAddress,
                                        TokenAmount amount, String reason, Instant observedAt) {
}
