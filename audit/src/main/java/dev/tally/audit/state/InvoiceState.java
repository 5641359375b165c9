package dev.tally.audit.state;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.invoice.InvoicePaymentWithdrawn;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An invoice as it stood: the same rules as the Invoice aggregate's event sourcing handlers, over shared-kernel events. */
public record InvoiceState(InvoiceId invoiceId, MerchantId merchantId, String orderId, InvoiceStatus status,
                           TokenAmount amount, Chain chain, String depositAddress, int requiredConfirmations,
                           int feeBasisPoints, TokenAmount confirmedTotal, Map<PaymentId, TokenAmount> pendingPayments,
                           Map<PaymentId, TokenAmount> confirmedPayments, TokenAmount overpaid, boolean lateAccepted,
                           SettlementId settlementId, Instant createdAt, Instant expiresAt) {

    static final class Fold implements AggregateFold {
        private InvoiceCreated created;
        private InvoiceStatus status;
        private TokenAmount confirmedTotal;
        private final Map<PaymentId, TokenAmount> pending = new LinkedHashMap<>();
        private final Map<PaymentId, TokenAmount> confirmed = new LinkedHashMap<>();
        private TokenAmount overpaid;
        private boolean lateAccepted;
        private SettlementId settlementId;

        @Override
        public void apply(Object event) {
            if (event instanceof InvoiceCreated e) {
                created = e;
                status = InvoiceStatus.PENDING;
                confirmedTotal = TokenAmount.zero(e.amount().asset());
                overpaid = TokenAmount.zero(e.amount().asset());
            } else if (event instanceof InvoicePaymentDetected e) {
                pending.put(e.paymentId(), e.amount());
                status = e.statusAfter(status);
            } else if (event instanceof InvoicePaymentReversed e) {
                confirmed.remove(e.paymentId());
                confirmedTotal = e.confirmedTotal();
                status = e.statusAfter();
            } else if (event instanceof InvoicePaymentUnapplied e) {
                pending.remove(e.paymentId());
                confirmed.remove(e.paymentId());
                confirmedTotal = e.confirmedTotal();
                status = e.statusAfter();
            } else if (event instanceof InvoicePaymentConfirmed e) {
                pending.remove(e.paymentId());
                confirmed.put(e.paymentId(), e.amount());
                confirmedTotal = e.confirmedTotal();
                status = e.statusAfter();
            } else if (event instanceof InvoicePaymentWithdrawn e) {
                pending.remove(e.paymentId());
                status = e.statusAfter();
            } else if (event instanceof InvoicePaid e) {
                overpaid = e.overpaid();
                lateAccepted = e.lateAccepted();
                if (e.lateAccepted()) {
                    status = e.overpaid().isZero() ? InvoiceStatus.PAID : InvoiceStatus.OVERPAID;
                }
            } else if (event instanceof InvoiceSettled e) {
                settlementId = e.settlementId();
                status = InvoiceStatus.SETTLED;
            } else if (event instanceof InvoiceCancelled) {
                status = InvoiceStatus.CANCELLED;
            } else if (event instanceof InvoiceExpired) {
                status = InvoiceStatus.EXPIRED;
            }
        }

        @Override
        public MerchantId merchantId() {
            return created == null ? null : created.merchantId();
        }

        @Override
        public InvoiceState state() {
            return new InvoiceState(created.invoiceId(), created.merchantId(), created.orderId(), status,
                                    created.amount(), created.chain(), created.depositAddress(),
                                    created.requiredConfirmations(), created.feeBasisPoints(), confirmedTotal,
                                    Map.copyOf(pending), Map.copyOf(confirmed), overpaid, lateAccepted, settlementId,
                                    created.createdAt(), created.expiresAt());
        }
    }
}
