package dev.tally.kernel.payment;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A transfer to an invoice's deposit address was detected. {@code detection} counts from 1 and grows when a transfer
 * orphaned by a reorg is seen again. {@code requiredConfirmations} is the invoice's, fixed at its creation. {@code detectedAt} is when the watcher saw
 * it; {@code blockTime} the time of the block holding it (null in the mempool and in events stored before block times
 * were recorded). Matching, lateness and the monitoring window are judged by {@link #paidAt()}.
 */
@Revision("2")
public record PaymentDetected(
        PaymentId paymentId,
        InvoiceId invoiceId,
        MerchantId merchantId,
        Chain chain,
        String txHash,
        int logIndex,
        String fromAddress,
        String toAddress,
        TokenAmount amount,
        int requiredConfirmations,
        int detection,
        Instant detectedAt,
        Instant blockTime,
        Mode mode) {

    @JsonCreator
    public PaymentDetected {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public PaymentDetected(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, Chain chain, String txHash,
                           int logIndex, String fromAddress, String toAddress, TokenAmount amount,
                           int requiredConfirmations, int detection, Instant detectedAt, Instant blockTime) {
        this(paymentId, invoiceId, merchantId, chain, txHash, logIndex, fromAddress, toAddress, amount,
             requiredConfirmations, detection, detectedAt, blockTime, Mode.LIVE);
    }

    /** When the customer paid, as far as the chain says: the block's time, else when the watcher saw it. */
    public Instant paidAt() {
        return blockTime != null ? blockTime : detectedAt;
    }
}
