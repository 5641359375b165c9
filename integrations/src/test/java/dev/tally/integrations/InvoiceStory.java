package dev.tally.integrations;

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
import dev.tally.kernel.invoice.UnappliedReason;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.payment.PaymentStatus;
import dev.tally.kernel.payment.PaymentStuck;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/** Domain events of one invoice of one merchant, as the command side and the sagas would publish them. */
public final class InvoiceStory {
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public final InvoiceId invoiceId;
    public final MerchantId merchantId;
    public final TokenAmount amount;
    public final String depositAddress = "TXYZdepositAddress0000000000000001";

    public InvoiceStory(MerchantId merchantId, String amount) {
        this.invoiceId = InvoiceId.of("inv_" + randomId());
        this.merchantId = merchantId;
        this.amount = usdt(amount);
    }

    public static MerchantId newMerchant() {
        return MerchantId.of("mer_" + randomId());
    }

    public static String randomId() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    public static TokenAmount usdt(String decimal) {
        return TokenAmount.parse(decimal, Asset.USDT);
    }

    public static PaymentId newPaymentId() {
        byte[] tx = new byte[32];
        RANDOM.nextBytes(tx);
        return PaymentId.of(Chain.TRON, HexFormat.of().formatHex(tx), 0);
    }

    public SettlementId settlementId() {
        return SettlementId.forInvoice(invoiceId);
    }

    public InvoiceCreated created() {
        return new InvoiceCreated(invoiceId, merchantId, "order-1042", amount, Chain.TRON, depositAddress, 7, 12,
                                  100, "Two coffees", Map.of("sku", "A-1", "customer", "c-77"), T0,
                                  T0.plusSeconds(900), Mode.TEST);
    }

    public PaymentDetected paymentDetected(PaymentId payment, String paid) {
        String txHash = payment.value().split(":")[1];
        return new PaymentDetected(payment, invoiceId, merchantId, Chain.TRON, txHash, 0,
                                   "TCustomer000000000000000000000001", depositAddress, usdt(paid), 12, 1,
                                   T0.plusSeconds(30), null);
    }

    public InvoicePaymentDetected invoicePaymentDetected(PaymentId payment, String paid, boolean late) {
        return new InvoicePaymentDetected(invoiceId, merchantId, payment, usdt(paid), late, T0.plusSeconds(31),
                                          null);
    }

    public PaymentIncludedInBlock includedInBlock(PaymentId payment) {
        return new PaymentIncludedInBlock(payment, invoiceId, 71_000_123L, "00ab" + "cd".repeat(30), 1,
                                          T0.plusSeconds(33));
    }

    public PaymentConfirmed paymentConfirmed(PaymentId payment, String paid) {
        return new PaymentConfirmed(payment, invoiceId, merchantId, usdt(paid), "00ab" + "cd".repeat(30), 12,
                                    T0.plusSeconds(70));
    }

    public InvoicePaymentConfirmed invoicePaymentConfirmed(PaymentId payment, String paid, String total,
                                                           InvoiceStatus after) {
        return new InvoicePaymentConfirmed(invoiceId, merchantId, payment, usdt(paid), usdt(total), after,
                                           T0.plusSeconds(71));
    }

    public InvoicePaymentWithdrawn withdrawn(PaymentId payment, String paid, InvoiceStatus after) {
        return new InvoicePaymentWithdrawn(invoiceId, merchantId, payment, usdt(paid), "failed", after,
                                           T0.plusSeconds(72));
    }

    public InvoicePaid paid(String gross, boolean late) {
        TokenAmount total = usdt(gross);
        TokenAmount over = total.isGreaterThan(amount) ? total.minus(amount) : TokenAmount.zero(Asset.USDT);
        return new InvoicePaid(invoiceId, merchantId, amount, total, over, 100, late, T0.plusSeconds(71));
    }

    public SettlementCreated settlementCreated(String gross, String fee, String net) {
        return new SettlementCreated(settlementId(), invoiceId, merchantId, usdt(gross), usdt(fee), usdt(net), 100, 2,
                                     T0.plusSeconds(72));
    }

    public SettlementCompleted settlementCompleted(String gross, String fee, String net) {
        return new SettlementCompleted(settlementId(), invoiceId, merchantId, usdt(gross), usdt(fee), usdt(net),
                                       T0.plusSeconds(73));
    }

    public InvoiceSettled settled() {
        return new InvoiceSettled(invoiceId, merchantId, settlementId(), T0.plusSeconds(74));
    }

    public InvoiceExpired expired() {
        return new InvoiceExpired(invoiceId, merchantId, T0.plusSeconds(900));
    }

    public InvoiceCancelled cancelled() {
        return new InvoiceCancelled(invoiceId, merchantId, T0.plusSeconds(60));
    }

    public PaymentFailed paymentFailed(PaymentId payment, String paid) {
        return new PaymentFailed(payment, invoiceId, merchantId, usdt(paid), "REVERT", T0.plusSeconds(40));
    }

    public PaymentStuck paymentStuck(PaymentId payment) {
        return new PaymentStuck(payment, invoiceId, merchantId, PaymentStatus.DETECTED, T0.plusSeconds(5),
                                T0.plusSeconds(1805));
    }

    public PaymentOrphaned paymentOrphaned(PaymentId payment, String paid) {
        return new PaymentOrphaned(payment, invoiceId, merchantId, usdt(paid), "00ab" + "cd".repeat(30),
                                   T0.plusSeconds(40));
    }

    public InvoicePaymentUnapplied unapplied(PaymentId payment, String paid, InvoiceStatus status) {
        return new InvoicePaymentUnapplied(invoiceId, merchantId, payment, usdt(paid),
                                           UnappliedReason.INVOICE_ALREADY_PAID, usdt("0"), status, T0.plusSeconds(50));
    }

    public InvoicePaymentReversed reversed(PaymentId payment, String paid, boolean settled, InvoiceStatus after) {
        return new InvoicePaymentReversed(invoiceId, merchantId, payment, usdt(paid), false,
                                          settled ? settlementId() : null, usdt("0"), after, T0.plusSeconds(60));
    }

    /** A paid (over by 0.50) and settled invoice: the events in the order the store holds them. */
    public Object[] paidAndSettled(PaymentId payment) {
        return new Object[]{
                created(),
                paymentDetected(payment, "10.49"),
                invoicePaymentDetected(payment, "10.49", false),
                includedInBlock(payment),
                paymentConfirmed(payment, "10.49"),
                invoicePaymentConfirmed(payment, "10.49", "10.49", InvoiceStatus.OVERPAID),
                paid("10.49", false),
                settlementCreated("10.49", "0.10", "10.39"),
                settlementCompleted("10.49", "0.10", "10.39"),
                settled()};
    }
}
