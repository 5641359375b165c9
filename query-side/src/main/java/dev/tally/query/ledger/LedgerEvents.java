package dev.tally.query.ledger;

import dev.tally.kernel.funds.PayoutReservationPosted;
import dev.tally.kernel.funds.PayoutReservationReleased;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.refund.RefundReservationPosted;
import dev.tally.kernel.refund.RefundReservationReleased;
import dev.tally.kernel.refund.RefundReserved;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.invoice.InvoiceSettlementFinal;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.settlement.SettlementCompleted;
import org.axonframework.messaging.Message;

import java.util.Optional;

/**
 * What the ledger needs to know of an event before handling it: whose money, and which payment, settlement, payout or refund.
 */
final class LedgerEvents {
    private LedgerEvents() {
    }

    /** The merchant whose accounts the event moves; empty for events the ledger does not book. */
    static Optional<MerchantId> merchantOf(Message<?> message) {
        Object payload = booked(message);
        if (payload instanceof PaymentDetected e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof PaymentConfirmed e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof PaymentFailed e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof PaymentOrphaned e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof SettlementCompleted e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof InvoicePaymentUnapplied e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof InvoicePaymentReversed e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof InvoiceSettlementFinal e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof PayoutReserved e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof PayoutReservationPosted e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof PayoutReservationReleased e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof RefundReserved e) {
            return Optional.of(e.request().merchantId());
        }
        if (payload instanceof RefundReservationPosted e) {
            return Optional.of(e.merchantId());
        }
        if (payload instanceof RefundReservationReleased e) {
            return Optional.of(e.merchantId());
        }
        return Optional.empty();
    }

    /** The payment or settlement id the event's transfers belong to; empty for events the ledger does not book. */
    static Optional<String> sourceOf(Message<?> message) {
        Object payload = booked(message);
        if (payload instanceof PaymentDetected e) {
            return Optional.of(e.paymentId().value());
        }
        if (payload instanceof PaymentConfirmed e) {
            return Optional.of(e.paymentId().value());
        }
        if (payload instanceof PaymentFailed e) {
            return Optional.of(e.paymentId().value());
        }
        if (payload instanceof PaymentOrphaned e) {
            return Optional.of(e.paymentId().value());
        }
        if (payload instanceof SettlementCompleted e) {
            return Optional.of(e.settlementId().value());
        }
        if (payload instanceof InvoicePaymentUnapplied e) {
            return Optional.of(e.paymentId().value());
        }
        if (payload instanceof InvoicePaymentReversed e) {
            return Optional.of(e.paymentId().value());
        }
        if (payload instanceof InvoiceSettlementFinal e) {
            return Optional.of(e.settlementId().value());
        }
        if (payload instanceof PayoutReserved e) {
            return Optional.of(e.payoutId().value());
        }
        if (payload instanceof PayoutReservationPosted e) {
            return Optional.of(e.payoutId().value());
        }
        if (payload instanceof PayoutReservationReleased e) {
            return Optional.of(e.payoutId().value());
        }
        if (payload instanceof RefundReserved e) {
            return Optional.of(e.request().refundId().value());
        }
        if (payload instanceof RefundReservationPosted e) {
            return Optional.of(e.refundId().value());
        }
        if (payload instanceof RefundReservationReleased e) {
            return Optional.of(e.refundId().value());
        }
        return Optional.empty();
    }

    /** The payload of a booked event type (checked on the type first, so no other payload is deserialized). */
    private static Object booked(Message<?> message) {
        Class<?> type = message.getPayloadType();
        boolean booked = type == PaymentDetected.class || type == PaymentConfirmed.class
                         || type == PaymentFailed.class || type == PaymentOrphaned.class
                         || type == SettlementCompleted.class || type == InvoicePaymentUnapplied.class
                         || type == InvoicePaymentReversed.class || type == InvoiceSettlementFinal.class
                         || type == PayoutReserved.class || type == PayoutReservationPosted.class
                         || type == PayoutReservationReleased.class || type == RefundReserved.class
                         || type == RefundReservationPosted.class || type == RefundReservationReleased.class;
        return booked ? message.getPayload() : null;
    }
}
