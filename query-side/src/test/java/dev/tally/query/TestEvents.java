package dev.tally.query;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.springframework.boot.test.context.TestComponent;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes events to the real event store as their aggregates would (type, id, next sequence number), so the
 * processors see them exactly as in production. Also mints ids.
 */
@TestComponent
public class TestEvents {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final EventBus eventBus;
    private final Map<String, Long> sequences = new ConcurrentHashMap<>();

    public TestEvents(EventBus eventBus) {
        this.eventBus = eventBus;
    }

    /** Appends {@code payload} as the next event of the aggregate {@code type}/{@code aggregateId}. */
    public void publish(String type, Object aggregateId, Object payload) {
        String id = aggregateId.toString();
        long sequence = sequences.merge(type + "/" + id, 0L, (old, zero) -> old + 1);
        eventBus.publish(new GenericDomainEventMessage<>(type, id, sequence, payload));
    }

    /**
     * A payment of {@code amount} to the invoice, detected and confirmed: what must precede any settlement of it,
     * or the ledger (rightly) refuses to take the settlement out of the merchant's pending account.
     */
    public PaymentId paid(MerchantId merchantId, InvoiceId invoiceId, TokenAmount amount, Instant at) {
        PaymentId payment = paymentId();
        String[] parts = payment.value().split(":");
        publish("Payment", payment, new PaymentDetected(payment, invoiceId, merchantId, Chain.TRON, parts[1],
                Integer.parseInt(parts[2]), "TCustomer", "TDeposit", amount, 1, 1, at, null));
        publish("Payment", payment, new PaymentConfirmed(payment, invoiceId, merchantId, amount, "0xblock", 1, at));
        return payment;
    }

    public static MerchantId merchantId() {
        return MerchantId.of("mer_" + body());
    }

    public static InvoiceId invoiceId() {
        return InvoiceId.of("inv_" + body());
    }

    public static SettlementId settlementId(InvoiceId invoiceId) {
        return SettlementId.forInvoice(invoiceId);
    }

    public static PaymentId paymentId() {
        byte[] tx = new byte[32];
        RANDOM.nextBytes(tx);
        return PaymentId.of(Chain.TRON, HexFormat.of().formatHex(tx), RANDOM.nextInt(5));
    }

    public static TokenAmount usdt(String decimal) {
        return TokenAmount.parse(decimal, Asset.USDT);
    }

    private static String body() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            body.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return body.toString();
    }
}
