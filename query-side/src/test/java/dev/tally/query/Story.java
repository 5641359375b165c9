package dev.tally.query;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceExpired;
import dev.tally.kernel.invoice.InvoicePaymentConfirmed;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoiceSettled;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.settlement.SettlementCreated;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.tally.query.TestEvents.usdt;

/** An invoice's life told as the events its aggregates publish, for projection tests. */
public final class Story {
    public static final String ADDRESS = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8";

    private final TestEvents events;
    public final MerchantId merchant;
    public final InvoiceId invoice = TestEvents.invoiceId();
    public final TokenAmount amount;
    public final Instant createdAt;
    public PaymentId payment;

    public Story(TestEvents events, MerchantId merchant, String amount, Instant createdAt) {
        this.events = events;
        this.merchant = merchant;
        this.amount = usdt(amount);
        this.createdAt = createdAt;
    }

    public Story created(int requiredConfirmations) {
        events.publish("Invoice", invoice, new InvoiceCreated(invoice, merchant, "order-" + invoice.value(), amount,
                Chain.TRON, ADDRESS, 7, requiredConfirmations, 100, "Two teas", Map.of("k", "v"), createdAt,
                createdAt.plus(Duration.ofMinutes(15))));
        return this;
    }

    public Story detected(Duration after) {
        payment = TestEvents.paymentId();
        String[] parts = payment.value().split(":");
        Instant at = createdAt.plus(after);
        events.publish("Payment", payment, new PaymentDetected(payment, invoice, merchant, Chain.TRON, parts[1],
                Integer.parseInt(parts[2]), "TCustomer", ADDRESS, amount, 1, 1, at, null));
        events.publish("Invoice", invoice, new InvoicePaymentDetected(invoice, merchant, payment, amount, false, at,
                                                                      InvoiceStatus.CONFIRMING));
        return this;
    }

    public Story inBlock(Duration after, int confirmations) {
        events.publish("Payment", payment, new PaymentIncludedInBlock(payment, invoice, 100L, "0xblock",
                confirmations, createdAt.plus(after)));
        return this;
    }

    public Story confirmed(Duration after, int confirmations) {
        Instant at = createdAt.plus(after);
        events.publish("Payment", payment, new PaymentConfirmed(payment, invoice, merchant, amount, "0xblock",
                confirmations, at));
        events.publish("Invoice", invoice, new InvoicePaymentConfirmed(invoice, merchant, payment, amount, amount,
                InvoiceStatus.PAID, at));
        return this;
    }

    public Story failed(Duration after) {
        events.publish("Payment", payment, new PaymentFailed(payment, invoice, merchant, amount, "reverted",
                createdAt.plus(after)));
        return this;
    }

    public Story settled(Duration after, String fee) {
        Instant at = createdAt.plus(after);
        SettlementId settlement = SettlementId.forInvoice(invoice);
        TokenAmount feeAmount = usdt(fee);
        events.publish("Settlement", settlement, new SettlementCreated(settlement, invoice, merchant, amount,
                feeAmount, amount.minus(feeAmount), 100, 2, at));
        events.publish("Invoice", invoice, new InvoiceSettled(invoice, merchant, settlement, at));
        return this;
    }

    public Story expired() {
        events.publish("Invoice", invoice, new InvoiceExpired(invoice, merchant,
                createdAt.plus(Duration.ofMinutes(15))));
        return this;
    }
}
