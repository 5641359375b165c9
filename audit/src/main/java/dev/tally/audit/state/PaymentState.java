package dev.tally.audit.state;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentLifecycle;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.payment.PaymentReversed;
import dev.tally.kernel.payment.PaymentStatus;
import dev.tally.kernel.payment.UnmatchedTransferRecorded;

import java.time.Instant;

/** A payment (one chain transfer) as it stood. */
public record PaymentState(PaymentId paymentId, InvoiceId invoiceId, MerchantId merchantId, Chain chain, String txHash,
                           TokenAmount amount, PaymentStatus status, Long blockNumber, String blockHash,
                           Integer confirmations, int detection, Instant detectedAt, Instant confirmedAt,
                           String reason) {

    static final class Fold implements AggregateFold {
        private PaymentId paymentId;
        private InvoiceId invoiceId;
        private MerchantId merchantId;
        private Mode mode;
        private Chain chain;
        private String txHash;
        private TokenAmount amount;
        private PaymentStatus status;
        private Long blockNumber;
        private String blockHash;
        private Integer confirmations;
        private int detection;
        private Instant detectedAt;
        private Instant confirmedAt;
        private String reason;
        private PaymentLifecycle.State lifecycle;

        @Override
        public void apply(Object event) {
            if (event instanceof PaymentDetected || event instanceof UnmatchedTransferRecorded || lifecycle != null) {
                // The status as the Payment aggregate's own rules give it.
                lifecycle = PaymentLifecycle.evolve(lifecycle, event);
            }
            if (event instanceof PaymentReversed e) {
                reason = "reversed: block " + e.blockHash() + " left the chain before finality";
                blockHash = null;
                confirmations = 0;
            }
            if (event instanceof PaymentDetected e) {
                paymentId = e.paymentId();
                invoiceId = e.invoiceId();
                merchantId = e.merchantId();
                mode = e.mode();
                chain = e.chain();
                txHash = e.txHash();
                amount = e.amount();
                detection = e.detection();
                detectedAt = e.detectedAt();
                blockNumber = null;
                blockHash = null;
                confirmations = null;
                status = PaymentStatus.DETECTED;
            } else if (event instanceof PaymentIncludedInBlock e) {
                blockNumber = e.blockNumber();
                blockHash = e.blockHash();
                confirmations = e.confirmations();
                status = PaymentStatus.CONFIRMING;
            } else if (event instanceof PaymentConfirmed e) {
                blockHash = e.blockHash();
                confirmations = e.confirmations();
                confirmedAt = e.confirmedAt();
                status = PaymentStatus.CONFIRMED;
            } else if (event instanceof PaymentFailed e) {
                reason = e.reason();
                status = PaymentStatus.FAILED;
            } else if (event instanceof PaymentOrphaned e) {
                reason = "orphaned with block " + e.blockHash();
                status = PaymentStatus.ORPHANED;
            } else if (event instanceof UnmatchedTransferRecorded e) {
                paymentId = e.paymentId();
                chain = e.chain();
                txHash = e.txHash();
                amount = e.amount();
                reason = e.reason();
                detectedAt = e.observedAt();
                status = PaymentStatus.UNMATCHED;
            }
        }

        @Override
        public MerchantId merchantId() {
            return merchantId;
        }

        @Override
        public Mode mode() {
            return Mode.orLive(mode);
        }

        @Override
        public PaymentState state() {
            PaymentStatus now = lifecycle != null ? lifecycle.status() : status;
            return new PaymentState(paymentId, invoiceId, merchantId, chain, txHash, amount, now, blockNumber,
                                    blockHash, confirmations, detection, detectedAt, confirmedAt, reason);
        }
    }
}
