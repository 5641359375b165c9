package dev.tally.integrations;

import java.util.Arrays;
import java.util.Optional;

/** The public integration events a merchant receives (events API, webhooks, Kafka), by their wire names. */
public enum IntegrationEventType {
    INVOICE_CREATED("invoice.created"),
    INVOICE_PAYMENT_DETECTED("invoice.payment_detected"),
    INVOICE_CONFIRMING("invoice.confirming"),
    INVOICE_PAID("invoice.paid"),
    INVOICE_UNDERPAID("invoice.underpaid"),
    INVOICE_OVERPAID("invoice.overpaid"),
    INVOICE_PAID_LATE("invoice.paid_late"),
    INVOICE_EXPIRED("invoice.expired"),
    INVOICE_CANCELLED("invoice.cancelled"),
    INVOICE_SETTLED("invoice.settled"),
    SETTLEMENT_COMPLETED("settlement.completed"),
    PAYMENT_FAILED("payment.failed"),
    PAYMENT_ORPHANED("payment.orphaned"),
    PAYMENT_UNAPPLIED("payment.unapplied"),
    PAYMENT_REVERSED("payment.reversed"),
    PAYMENT_STUCK("payment.stuck"),
    PAYOUT_CREATED("payout.created"),
    PAYOUT_BROADCAST("payout.broadcast"),
    PAYOUT_CONFIRMED("payout.confirmed"),
    PAYOUT_FAILED("payout.failed"),
    PAYOUT_ADDRESS_CHANGED("payout_address.changed"),
    REFUND_CREATED("refund.created"),
    REFUND_ADDRESS_CLAIMED("refund.address_claimed"),
    REFUND_APPROVED("refund.approved"),
    REFUND_BROADCAST("refund.broadcast"),
    REFUND_CONFIRMED("refund.confirmed"),
    REFUND_FAILED("refund.failed"),
    REFUND_CANCELLED("refund.cancelled");

    private final String wireName;

    IntegrationEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<IntegrationEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
