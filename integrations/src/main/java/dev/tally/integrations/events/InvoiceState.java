package dev.tally.integrations.events;

import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the public events of one invoice show, gathered from the events of the invoice, its payments and its
 * settlement (no single domain event carries the full object). Amounts in base units of {@link #asset}. Stored as
 * JSON per processing group in {@code integration.invoice_states}, written in the same transaction as the rows (or
 * records) and the processor's token.
 */
public final class InvoiceState {
    String invoiceId;
    String merchantId;
    /** Null in states stored before modes: live. */
    Mode mode;
    String orderId;
    Asset asset;
    long amount;
    Chain chain;
    String depositAddress;
    int requiredConfirmations;
    int feeBasisPoints;
    String description;
    /** Sorted, so that the body is the same bytes whichever order the metadata came in. */
    TreeMap<String, String> metadata = new TreeMap<>();
    Instant createdAt;
    Instant expiresAt;
    InvoiceStatus status;
    long amountPaid;
    long amountOverpaid;
    Instant paidAt;
    boolean latePaymentAccepted;
    String settlementId;
    Instant settledAt;
    Instant cancelledAt;
    Instant expiredAt;
    /** In the order they were detected. */
    List<PaymentState> payments = new ArrayList<>();
    SettlementState settlement;

    public Mode mode() {
        return Mode.orLive(mode);
    }

    public String invoiceId() {
        return invoiceId;
    }

    public String merchantId() {
        return merchantId;
    }

    Optional<PaymentState> payment(String paymentId) {
        return payments.stream().filter(p -> p.id.equals(paymentId)).findFirst();
    }

    PaymentState paymentOrNew(String paymentId) {
        return payment(paymentId).orElseGet(() -> {
            PaymentState payment = new PaymentState();
            payment.id = paymentId;
            payment.requiredConfirmations = requiredConfirmations;
            payment.chain = chain;
            payments.add(payment);
            return payment;
        });
    }
}
