package dev.tally.audit.state;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceLifecycle;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;

import java.time.Instant;
import java.util.Map;

/**
 * An invoice as it stood: folded by the invoice's own rules ({@link InvoiceLifecycle}), over shared-kernel events.
 * Every confirmed base unit sent to it is in {@code confirmedPayments} (counted) or {@code unappliedPayments} (the
 * merchant's unapplied funds).
 */
public record InvoiceState(InvoiceId invoiceId, MerchantId merchantId, String orderId, InvoiceStatus status,
                           TokenAmount amount, Chain chain, String depositAddress, int requiredConfirmations,
                           int feeBasisPoints, TokenAmount confirmedTotal, Map<PaymentId, TokenAmount> pendingPayments,
                           Map<PaymentId, TokenAmount> confirmedPayments,
                           Map<PaymentId, TokenAmount> unappliedPayments, TokenAmount overpaid, boolean lateAccepted,
                           SettlementId settlementId, Instant createdAt, Instant expiresAt) {

    /** Folds with the invoice's own {@link InvoiceLifecycle#evolve}: the as-of state says what the aggregate says. */
    static final class Fold implements AggregateFold {
        private InvoiceCreated created;
        private InvoiceLifecycle.State lifecycle;
        private TokenAmount overpaid;
        private boolean lateAccepted;
        private SettlementId settlementId;

        @Override
        public void apply(Object event) {
            if (event instanceof InvoiceCreated e) {
                created = e;
                overpaid = TokenAmount.zero(e.amount().asset());
            } else if (created == null) {
                return;
            }
            lifecycle = InvoiceLifecycle.evolve(lifecycle, event);
            if (event instanceof InvoicePaid e) {
                overpaid = e.overpaid();
                lateAccepted = e.lateAccepted();
            } else if (event instanceof InvoiceSettled e) {
                settlementId = e.settlementId();
            } else if (event instanceof InvoicePaymentReversed e && e.settlementReversed() != null) {
                settlementId = null;
                overpaid = TokenAmount.zero(created.amount().asset());
                lateAccepted = false;
            }
        }

        @Override
        public MerchantId merchantId() {
            return created == null ? null : created.merchantId();
        }

        @Override
        public Mode mode() {
            return created == null ? Mode.LIVE : created.mode();
        }

        @Override
        public InvoiceState state() {
            return new InvoiceState(created.invoiceId(), created.merchantId(), created.orderId(),
                                    lifecycle.status(), created.amount(), created.chain(), created.depositAddress(),
                                    created.requiredConfirmations(), created.feeBasisPoints(),
                                    lifecycle.confirmedTotal(), Map.copyOf(lifecycle.pending()),
                                    Map.copyOf(lifecycle.confirmed()), Map.copyOf(lifecycle.unapplied()), overpaid,
                                    lateAccepted, settlementId,
                                    created.createdAt(), created.expiresAt());
        }
    }
}
