package dev.tally.integrations.events;

import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.refund.RefundAddressClaimed;
import dev.tally.kernel.refund.RefundApproved;
import dev.tally.kernel.refund.RefundBroadcast;
import dev.tally.kernel.refund.RefundCancelled;
import dev.tally.kernel.refund.RefundConfirmed;
import dev.tally.kernel.refund.RefundCreated;
import dev.tally.kernel.refund.RefundFailed;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.integrations.IntegrationEventType;
import dev.tally.integrations.InvoiceStory;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.funds.PayoutAddressChanged;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.payout.PayoutBroadcast;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.payout.PayoutStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.tally.integrations.IntegrationEventType.INVOICE_CANCELLED;
import static dev.tally.integrations.IntegrationEventType.INVOICE_CONFIRMING;
import static dev.tally.integrations.IntegrationEventType.INVOICE_CREATED;
import static dev.tally.integrations.IntegrationEventType.INVOICE_EXPIRED;
import static dev.tally.integrations.IntegrationEventType.INVOICE_OVERPAID;
import static dev.tally.integrations.IntegrationEventType.INVOICE_PAID;
import static dev.tally.integrations.IntegrationEventType.INVOICE_PAID_LATE;
import static dev.tally.integrations.IntegrationEventType.INVOICE_PAYMENT_DETECTED;
import static dev.tally.integrations.IntegrationEventType.INVOICE_SETTLED;
import static dev.tally.integrations.IntegrationEventType.INVOICE_UNDERPAID;
import static dev.tally.integrations.IntegrationEventType.PAYMENT_FAILED;
import static dev.tally.integrations.IntegrationEventType.PAYMENT_ORPHANED;
import static dev.tally.integrations.IntegrationEventType.SETTLEMENT_COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;

class IntegrationEventMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant STORED = Instant.parse("2026-03-01T10:00:00.123Z");

    private final IntegrationEventMapper mapper = new IntegrationEventMapper();
    private final MerchantId merchant = MerchantId.of("mer_0123456789abcdef");
    private final InvoiceStory story = new InvoiceStory(merchant, "9.99");
    private final PaymentId payment = InvoiceStory.newPaymentId();

    /** Feeds the events through the mapper with fresh domain event ids; returns every public event made. */
    private List<IntegrationEvent> run(Object... payloads) {
        InvoiceState state = null;
        List<IntegrationEvent> out = new ArrayList<>();
        for (Object payload : payloads) {
            IntegrationEventMapper.Result result =
                    mapper.map(new SourceEvent(UUID.randomUUID().toString(), STORED, payload), state);
            state = result.state();
            out.addAll(result.events());
        }
        return out;
    }

    private static JsonNode json(IntegrationEvent event) {
        try {
            return JSON.readTree(event.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void invoiceCreatedHasTheExactDocumentedBody() {
        var result = mapper.map(new SourceEvent("7f1c2d3e-0000-4000-8000-000000000001", STORED, story.created()),
                                null);

        assertThat(result.events()).hasSize(1);
        IntegrationEvent event = result.events().get(0);
        String id = IntegrationEventMapper.eventId("7f1c2d3e-0000-4000-8000-000000000001", INVOICE_CREATED);
        assertThat(event.eventId()).isEqualTo(id).matches("evt_[0-9A-Za-z]{43}");
        assertThat(event.type()).isEqualTo(INVOICE_CREATED);
        assertThat(event.merchantId()).isEqualTo(merchant.value());
        assertThat(event.invoiceId()).isEqualTo(story.invoiceId.value());
        assertThat(event.createdAt()).isEqualTo(STORED);
        assertThat(event.mode()).isEqualTo(Mode.TEST);
        assertThat(event.body()).isEqualTo(
                "{\"id\":\"" + id + "\",\"type\":\"invoice.created\",\"mode\":\"test\","
                + "\"createdAt\":\"2026-03-01T10:00:00.123Z\","
                + "\"data\":{\"object\":{\"object\":\"invoice\",\"id\":\"" + story.invoiceId + "\","
                + "\"merchantId\":\"mer_0123456789abcdef\",\"mode\":\"test\",\"orderId\":\"order-1042\","
                + "\"status\":\"PENDING\","
                + "\"amount\":\"9.99\",\"amountPaid\":\"0.00\",\"amountOverpaid\":\"0.00\",\"asset\":\"USDT\","
                + "\"chain\":\"tron\",\"depositAddress\":\"" + story.depositAddress + "\","
                + "\"requiredConfirmations\":12,\"description\":\"Two coffees\","
                + "\"metadata\":{\"customer\":\"c-77\",\"sku\":\"A-1\"},"
                + "\"createdAt\":\"2026-03-01T10:00:00Z\",\"expiresAt\":\"2026-03-01T10:15:00Z\","
                + "\"paidAt\":null,\"latePaymentAccepted\":false,\"settlementId\":null,\"settledAt\":null,"
                + "\"cancelledAt\":null,\"expiredAt\":null,\"payments\":[]}}}");
    }

    @Test
    void aPaidOverpaidAndSettledInvoiceGivesItsMilestonesInOrder() {
        List<IntegrationEvent> events = run(story.paidAndSettled(payment));

        assertThat(events).extracting(IntegrationEvent::type).containsExactly(
                INVOICE_CREATED, INVOICE_PAYMENT_DETECTED, INVOICE_CONFIRMING, INVOICE_PAID, INVOICE_OVERPAID,
                SETTLEMENT_COMPLETED, INVOICE_SETTLED);
        assertThat(events).extracting(IntegrationEvent::invoiceId).containsOnly(story.invoiceId.value());
        assertThat(events).extracting(IntegrationEvent::merchantId).containsOnly(merchant.value());
        assertThat(events).extracting(IntegrationEvent::eventId).doesNotHaveDuplicates();
        for (IntegrationEvent event : events) {
            JsonNode body = json(event);
            assertThat(body.get("id").asText()).isEqualTo(event.eventId());
            assertThat(body.get("type").asText()).isEqualTo(event.type().wireName());
        }

        JsonNode detected = json(events.get(1)).get("data");
        assertThat(detected.at("/object/status").asText()).isEqualTo("CONFIRMING");
        assertThat(detected.at("/payment/id").asText()).isEqualTo(payment.value());
        assertThat(detected.at("/payment/status").asText()).isEqualTo("DETECTED");
        assertThat(detected.at("/payment/amount").asText()).isEqualTo("10.49");
        assertThat(detected.at("/payment/from").asText()).isEqualTo("TCustomer000000000000000000000001");
        assertThat(detected.at("/payment/to").asText()).isEqualTo(story.depositAddress);
        assertThat(detected.at("/object/payments/0/id").asText()).isEqualTo(payment.value());

        JsonNode confirming = json(events.get(2)).get("data");
        assertThat(confirming.at("/payment/status").asText()).isEqualTo("CONFIRMING");
        assertThat(confirming.at("/payment/confirmations").asInt()).isEqualTo(1);
        assertThat(confirming.at("/payment/requiredConfirmations").asInt()).isEqualTo(12);
        assertThat(confirming.at("/payment/blockNumber").asLong()).isEqualTo(71_000_123L);

        JsonNode paid = json(events.get(3)).get("data");
        assertThat(paid.has("payment")).isFalse();
        assertThat(paid.at("/object/status").asText()).isEqualTo("OVERPAID");
        assertThat(paid.at("/object/amount").asText()).isEqualTo("9.99");
        assertThat(paid.at("/object/amountPaid").asText()).isEqualTo("10.49");
        assertThat(paid.at("/object/amountOverpaid").asText()).isEqualTo("0.50");
        assertThat(paid.at("/object/paidAt").asText()).isEqualTo("2026-03-01T10:01:11Z");
        assertThat(paid.at("/object/payments/0/status").asText()).isEqualTo("CONFIRMED");
        assertThat(paid.at("/object/payments/0/confirmations").asInt()).isEqualTo(12);
        assertThat(json(events.get(4)).at("/data/object")).isEqualTo(paid.get("object"));

        JsonNode settlement = json(events.get(5)).at("/data/object");
        assertThat(settlement.get("object").asText()).isEqualTo("settlement");
        assertThat(settlement.get("id").asText()).isEqualTo(story.settlementId().value());
        assertThat(settlement.get("invoiceId").asText()).isEqualTo(story.invoiceId.value());
        assertThat(settlement.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(settlement.get("gross").asText()).isEqualTo("10.49");
        assertThat(settlement.get("fee").asText()).isEqualTo("0.10");
        assertThat(settlement.get("net").asText()).isEqualTo("10.39");
        assertThat(settlement.get("feeBasisPoints").asInt()).isEqualTo(100);
        assertThat(settlement.get("createdAt").asText()).isEqualTo("2026-03-01T10:01:12Z");
        assertThat(settlement.get("completedAt").asText()).isEqualTo("2026-03-01T10:01:13Z");

        JsonNode settled = json(events.get(6)).at("/data/object");
        assertThat(settled.get("status").asText()).isEqualTo("SETTLED");
        assertThat(settled.get("settlementId").asText()).isEqualTo(story.settlementId().value());
    }

    @Test
    void aTransferFirstSeenInABlockIsConfirmingOnlyAfterTheInvoiceRegisteredIt() {
        // the Payment aggregate records detected + in block at once; the saga registers it with the invoice after
        List<IntegrationEvent> events = run(story.created(), story.paymentDetected(payment, "9.99"),
                story.includedInBlock(payment), story.invoicePaymentDetected(payment, "9.99", false));

        assertThat(events).extracting(IntegrationEvent::type)
                          .containsExactly(INVOICE_CREATED, INVOICE_PAYMENT_DETECTED, INVOICE_CONFIRMING);
        JsonNode confirming = json(events.get(2)).get("data");
        assertThat(confirming.at("/object/status").asText()).isEqualTo("CONFIRMING");
        assertThat(confirming.at("/payment/status").asText()).isEqualTo("CONFIRMING");
        assertThat(confirming.at("/payment/confirmations").asInt()).isEqualTo(1);
        assertThat(events.get(2).eventId()).isNotEqualTo(events.get(1).eventId());
    }

    @Test
    void aTransferConfirmedAtOnceIsStillConfirmingBeforeItIsPaid() {
        // one required confirmation: detected, in block and confirmed by one observation, before the invoice knows
        List<IntegrationEvent> events = run(story.created(), story.paymentDetected(payment, "9.99"),
                story.includedInBlock(payment), story.paymentConfirmed(payment, "9.99"),
                story.invoicePaymentDetected(payment, "9.99", false),
                story.invoicePaymentConfirmed(payment, "9.99", "9.99", InvoiceStatus.PAID), story.paid("9.99", false));

        assertThat(events).extracting(IntegrationEvent::type).containsExactly(
                INVOICE_CREATED, INVOICE_PAYMENT_DETECTED, INVOICE_CONFIRMING, INVOICE_PAID);
        assertThat(json(events.get(2)).at("/data/payment/status").asText()).isEqualTo("CONFIRMED");
    }

    @Test
    void aTransferThatFailedBeforeTheInvoiceRegisteredItIsNotConfirming() {
        List<IntegrationEvent> events = run(story.created(), story.paymentDetected(payment, "9.99"),
                story.includedInBlock(payment), story.paymentOrphaned(payment, "9.99"),
                story.invoicePaymentDetected(payment, "9.99", false));

        assertThat(events).extracting(IntegrationEvent::type)
                          .containsExactly(INVOICE_CREATED, PAYMENT_ORPHANED, INVOICE_PAYMENT_DETECTED);
    }

    @Test
    void aPaymentSeenAgainAfterAReorgIsDetectedAndConfirmingAgain() {
        List<IntegrationEvent> events = run(story.created(), story.paymentDetected(payment, "9.99"),
                story.includedInBlock(payment), story.invoicePaymentDetected(payment, "9.99", false),
                story.paymentOrphaned(payment, "9.99"), story.withdrawn(payment, "9.99", InvoiceStatus.PENDING),
                story.paymentDetected(payment, "9.99"), story.includedInBlock(payment),
                story.invoicePaymentDetected(payment, "9.99", false));

        assertThat(events).extracting(IntegrationEvent::type).containsExactly(
                INVOICE_CREATED, INVOICE_PAYMENT_DETECTED, INVOICE_CONFIRMING, PAYMENT_ORPHANED,
                INVOICE_PAYMENT_DETECTED, INVOICE_CONFIRMING);
        assertThat(json(events.get(5)).at("/data/object/payments")).hasSize(1);
    }

    @Test
    void amountsAreExactDecimalStringsToTheBaseUnit() {
        InvoiceStory tiny = new InvoiceStory(merchant, "0.000001");
        List<IntegrationEvent> events = run(tiny.created(), tiny.paymentDetected(payment, "1234567.000001"),
                                            tiny.invoicePaymentDetected(payment, "1234567.000001", false));

        assertThat(json(events.get(0)).at("/data/object/amount").asText()).isEqualTo("0.000001");
        assertThat(json(events.get(1)).at("/data/payment/amount").asText()).isEqualTo("1234567.000001");
        assertThat(events.get(1).body()).doesNotContain("1234567.000001E").doesNotContain("\"amount\":1");
    }

    @Test
    void anUnderpaymentThenAnExpiry() {
        List<IntegrationEvent> events = run(story.created(), story.paymentDetected(payment, "5.00"),
                story.invoicePaymentDetected(payment, "5.00", false), story.includedInBlock(payment),
                story.paymentConfirmed(payment, "5.00"),
                story.invoicePaymentConfirmed(payment, "5.00", "5.00", InvoiceStatus.UNDERPAID), story.expired());

        assertThat(events).extracting(IntegrationEvent::type).containsExactly(
                INVOICE_CREATED, INVOICE_PAYMENT_DETECTED, INVOICE_CONFIRMING, INVOICE_UNDERPAID, INVOICE_EXPIRED);
        JsonNode underpaid = json(events.get(3)).get("data");
        assertThat(underpaid.at("/object/status").asText()).isEqualTo("UNDERPAID");
        assertThat(underpaid.at("/object/amountPaid").asText()).isEqualTo("5.00");
        assertThat(underpaid.at("/payment/status").asText()).isEqualTo("CONFIRMED");
        JsonNode expired = json(events.get(4)).at("/data/object");
        assertThat(expired.get("status").asText()).isEqualTo("EXPIRED");
        assertThat(expired.get("expiredAt").asText()).isEqualTo("2026-03-01T10:15:00Z");
    }

    @Test
    void anUnderpaymentConfirmedAfterExpiryExpiresTheInvoice() {
        List<IntegrationEvent> events = run(story.created(), story.paymentDetected(payment, "5.00"),
                story.invoicePaymentDetected(payment, "5.00", false),
                story.invoicePaymentConfirmed(payment, "5.00", "5.00", InvoiceStatus.EXPIRED));

        assertThat(events).extracting(IntegrationEvent::type)
                          .containsExactly(INVOICE_CREATED, INVOICE_PAYMENT_DETECTED, INVOICE_EXPIRED);
        assertThat(json(events.get(2)).at("/data/payment/id").asText()).isEqualTo(payment.value());
    }

    @Test
    void aLatePaymentIsPaidLateAndThenPaidWhenTheMerchantAccepts() {
        List<IntegrationEvent> events = run(story.created(), story.expired(),
                story.paymentDetected(payment, "9.99"), story.invoicePaymentDetected(payment, "9.99", true),
                story.paymentConfirmed(payment, "9.99"),
                story.invoicePaymentConfirmed(payment, "9.99", "9.99", InvoiceStatus.PAID_LATE),
                story.paid("9.99", true));

        assertThat(events).extracting(IntegrationEvent::type).containsExactly(
                INVOICE_CREATED, INVOICE_EXPIRED, INVOICE_PAYMENT_DETECTED, INVOICE_PAID_LATE, INVOICE_PAID);
        JsonNode detected = json(events.get(2)).get("data");
        assertThat(detected.at("/object/status").asText()).isEqualTo("EXPIRED");
        assertThat(detected.at("/payment/late").asBoolean()).isTrue();
        assertThat(json(events.get(3)).at("/data/object/status").asText()).isEqualTo("PAID_LATE");
        JsonNode paid = json(events.get(4)).at("/data/object");
        assertThat(paid.get("status").asText()).isEqualTo("PAID_LATE");
        assertThat(paid.get("latePaymentAccepted").asBoolean()).isTrue();
    }

    @Test
    void aFailedAndAnOrphanedPaymentArePaymentEvents() {
        PaymentId second = InvoiceStory.newPaymentId();
        List<IntegrationEvent> events = run(story.created(),
                story.paymentDetected(payment, "9.99"), story.invoicePaymentDetected(payment, "9.99", false),
                story.paymentFailed(payment, "9.99"), story.withdrawn(payment, "9.99", InvoiceStatus.PENDING),
                story.paymentDetected(second, "9.99"), story.invoicePaymentDetected(second, "9.99", false),
                story.includedInBlock(second), story.paymentOrphaned(second, "9.99"),
                story.withdrawn(second, "9.99", InvoiceStatus.PENDING));

        assertThat(events).extracting(IntegrationEvent::type).containsExactly(
                INVOICE_CREATED, INVOICE_PAYMENT_DETECTED, PAYMENT_FAILED, INVOICE_PAYMENT_DETECTED,
                INVOICE_CONFIRMING, PAYMENT_ORPHANED);
        JsonNode failed = json(events.get(2)).at("/data/object");
        assertThat(failed.get("object").asText()).isEqualTo("payment");
        assertThat(failed.get("id").asText()).isEqualTo(payment.value());
        assertThat(failed.get("invoiceId").asText()).isEqualTo(story.invoiceId.value());
        assertThat(failed.get("chain").asText()).isEqualTo("tron");
        assertThat(failed.get("txHash").asText()).isEqualTo(payment.value().split(":")[1]);
        assertThat(failed.get("logIndex").asInt()).isZero();
        assertThat(failed.get("from").asText()).isEqualTo("TCustomer000000000000000000000001");
        assertThat(failed.get("to").asText()).isEqualTo(story.depositAddress);
        assertThat(failed.get("amount").asText()).isEqualTo("9.99");
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo("REVERT");
        JsonNode orphaned = json(events.get(5)).at("/data/object");
        assertThat(orphaned.get("status").asText()).isEqualTo("ORPHANED");
        assertThat(orphaned.get("reason").asText()).isEqualTo("reorg");
        assertThat(orphaned.get("confirmations").asInt()).isZero();
    }

    @Test
    void aWithdrawalThatLeavesTheInvoiceUnderpaidSaysSo() {
        PaymentId second = InvoiceStory.newPaymentId();
        List<IntegrationEvent> events = run(story.created(),
                story.paymentDetected(payment, "5.00"), story.invoicePaymentDetected(payment, "5.00", false),
                story.paymentDetected(second, "4.99"), story.invoicePaymentDetected(second, "4.99", false),
                story.invoicePaymentConfirmed(payment, "5.00", "5.00", InvoiceStatus.CONFIRMING),
                story.paymentFailed(second, "4.99"), story.withdrawn(second, "4.99", InvoiceStatus.UNDERPAID));

        assertThat(events).extracting(IntegrationEvent::type).containsExactly(
                INVOICE_CREATED, INVOICE_PAYMENT_DETECTED, INVOICE_PAYMENT_DETECTED, PAYMENT_FAILED,
                INVOICE_UNDERPAID);
        assertThat(json(events.get(4)).at("/data/object/payments")).hasSize(2);
    }

    @Test
    void aCancelledInvoice() {
        List<IntegrationEvent> events = run(story.created(), story.cancelled());

        assertThat(events).extracting(IntegrationEvent::type).containsExactly(INVOICE_CREATED, INVOICE_CANCELLED);
        JsonNode cancelled = json(events.get(1)).at("/data/object");
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("cancelledAt").asText()).isEqualTo("2026-03-01T10:01:00Z");
    }

    @Test
    void idsAndBodiesAreStableAcrossReplays() {
        Object[] payloads = story.paidAndSettled(payment);
        List<String> domainIds = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            domainIds.add(UUID.randomUUID().toString());
        }
        List<IntegrationEvent> first = runWithIds(payloads, domainIds);
        List<IntegrationEvent> replayed = runWithIds(payloads, domainIds);

        assertThat(replayed).isEqualTo(first);
        // one domain event (InvoicePaid) gives two public events, with different ids
        assertThat(first.get(3).eventId()).isNotEqualTo(first.get(4).eventId());
        assertThat(IntegrationEventMapper.eventId(domainIds.get(6), INVOICE_PAID)).isEqualTo(first.get(3).eventId());
    }

    @Test
    void theStateSurvivesItsJsonRoundTripUnchanged() {
        InvoiceState state = null;
        List<IntegrationEvent> direct = new ArrayList<>();
        List<IntegrationEvent> viaJson = new ArrayList<>();
        InvoiceState stored = null;
        for (Object payload : story.paidAndSettled(payment)) {
            String id = UUID.randomUUID().toString();
            var a = mapper.map(new SourceEvent(id, STORED, payload), state);
            state = a.state();
            direct.addAll(a.events());
            var b = mapper.map(new SourceEvent(id, STORED, payload),
                               stored == null ? null : InvoiceStates.read(InvoiceStates.write(stored)));
            stored = b.state();
            viaJson.addAll(b.events());
        }
        assertThat(viaJson).isEqualTo(direct);
    }

    @Test
    void eventsOfNoInvoiceOrOfAnUnknownInvoiceGiveNothing() {
        assertThat(IntegrationEventMapper.invoiceIdOf(new Object())).isEmpty();
        var result = mapper.map(new SourceEvent("x", STORED, story.paymentDetected(payment, "1.00")), null);
        assertThat(result.events()).isEmpty();
        assertThat(result.state()).isNull();
        var created = mapper.map(new SourceEvent("y", STORED, story.created()), null);
        var other = mapper.map(new SourceEvent("z", STORED, "not a domain event"), created.state());
        assertThat(other.events()).isEmpty();
    }

    @Test
    void everyPublicTypeIsProduced() {
        List<IntegrationEvent> all = new ArrayList<>(run(story.paidAndSettled(payment)));
        all.addAll(run(story.created(), story.cancelled()));
        all.addAll(run(story.created(), story.paymentDetected(payment, "1.00"),
                       story.invoicePaymentDetected(payment, "1.00", false), story.paymentFailed(payment, "1.00"),
                       story.paymentDetected(payment, "1.00"), story.includedInBlock(payment),
                       story.paymentOrphaned(payment, "1.00"), story.paymentDetected(payment, "1.00"),
                       story.paymentConfirmed(payment, "1.00"),
                       story.invoicePaymentConfirmed(payment, "1.00", "1.00", InvoiceStatus.UNDERPAID),
                       story.expired()));
        all.addAll(run(story.created(), story.expired(), story.paymentDetected(payment, "9.99"),
                       story.invoicePaymentConfirmed(payment, "9.99", "9.99", InvoiceStatus.PAID_LATE)));
        PaymentId extra = InvoiceStory.newPaymentId();
        all.addAll(run(concat(story.paidAndSettled(payment), story.paymentDetected(extra, "1.00"),
                              story.invoicePaymentDetected(extra, "1.00", false),
                              story.unapplied(extra, "1.00", InvoiceStatus.SETTLED),
                              story.reversed(payment, "10.49", true, InvoiceStatus.PENDING))));
        all.addAll(run(story.created(), story.paymentDetected(payment, "1.00"),
                       story.invoicePaymentDetected(payment, "1.00", false), story.paymentStuck(payment)));
        for (Object payload : concat(payoutStory(), refundStory())) {
            all.addAll(IntegrationEventMapper.mapMerchantEvent(new SourceEvent(UUID.randomUUID().toString(), STORED,
                                                                               payload)));
        }
        assertThat(all).extracting(IntegrationEvent::type).contains(IntegrationEventType.values());
    }

    private static final PayoutId PAYOUT = PayoutId.of("po_0123456789abcdef");

    /** A payout address set, a payout that failed on chain, the failure carried by each step. */
    private Object[] payoutStory() {
        FundsId funds = FundsId.of(merchant, Mode.TEST);
        TokenAmount amount = TokenAmount.parse("4.95", Asset.USDT);
        String to = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
        return new Object[]{
                new PayoutAddressChanged(funds, merchant, Mode.TEST, Chain.TRON, to, null, STORED, STORED),
                new PayoutCreated(PAYOUT, funds, merchant, Mode.TEST, Chain.TRON, to, amount, STORED,
                                  PayoutStatus.PENDING, PayoutTrigger.MANUAL),
                new PayoutBroadcast(PAYOUT, funds, merchant, Mode.TEST, Chain.TRON, to, amount, "ab12", STORED,
                                    PayoutStatus.BROADCAST, PayoutTrigger.MANUAL),
                new PayoutConfirmed(PAYOUT, funds, merchant, Mode.TEST, Chain.TRON, to, amount, "ab12", 42L, STORED,
                                    PayoutStatus.CONFIRMED, PayoutTrigger.MANUAL, new NetworkFee("ETH", "0.000021")),
                new PayoutFailed(PAYOUT, funds, merchant, Mode.TEST, Chain.TRON, to, amount, "ab12", "reverted",
                                 STORED, PayoutStatus.FAILED, PayoutTrigger.MANUAL)};
    }

    /** Payout events belong to the merchant, not to an invoice; each body is the payout as that event left it. */
    @Test
    void payoutEventsCarryThePayoutAsTheirEventLeftIt() throws Exception {
        Object[] story = payoutStory();
        List<IntegrationEvent> events = new ArrayList<>();
        for (int i = 0; i < story.length; i++) {
            events.addAll(IntegrationEventMapper.mapMerchantEvent(new SourceEvent("domain-" + i, STORED, story[i])));
        }
        assertThat(events).extracting(IntegrationEvent::type).containsExactly(
                IntegrationEventType.PAYOUT_ADDRESS_CHANGED, IntegrationEventType.PAYOUT_CREATED,
                IntegrationEventType.PAYOUT_BROADCAST, IntegrationEventType.PAYOUT_CONFIRMED,
                IntegrationEventType.PAYOUT_FAILED);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.invoiceId()).isNull();
            assertThat(event.merchantId()).isEqualTo(merchant.value());
            assertThat(event.mode()).isEqualTo(Mode.TEST);
        });
        JsonNode confirmed = JSON.readTree(events.get(3).body());
        assertThat(confirmed.get("type").asText()).isEqualTo("payout.confirmed");
        assertThat(confirmed.get("mode").asText()).isEqualTo("test");
        JsonNode payout = confirmed.get("data").get("object");
        assertThat(payout.get("object").asText()).isEqualTo("payout");
        assertThat(payout.get("id").asText()).isEqualTo(PAYOUT.value());
        assertThat(payout.get("status").asText()).isEqualTo("confirmed");
        assertThat(payout.get("amount").asText()).isEqualTo("4.95");
        assertThat(payout.get("txHash").asText()).isEqualTo("ab12");
        assertThat(payout.get("blockNumber").asLong()).isEqualTo(42L);
        assertThat(payout.get("trigger").asText()).isEqualTo("manual");
        assertThat(payout.get("networkFee").get("coin").asText()).isEqualTo("ETH");
        assertThat(payout.get("networkFee").get("amount").asText()).isEqualTo("0.000021");
        JsonNode failed = JSON.readTree(events.get(4).body()).get("data").get("object");
        assertThat(failed.get("failureReason").asText()).isEqualTo("reverted");
        assertThat(failed.get("blockNumber").isNull()).isTrue();
        assertThat(failed.get("networkFee").isNull()).isTrue();
        // The same domain event always gives the same public event.
        assertThat(IntegrationEventMapper.mapMerchantEvent(new SourceEvent("domain-3", STORED, story[3])))
                .isEqualTo(List.of(events.get(3)));
        assertThat(IntegrationEventMapper.mapMerchantEvent(new SourceEvent("x", STORED, this.story.created())))
                .isEmpty();
    }

    private static final RefundId REFUND = RefundId.of("rf_0123456789abcdef");

    /** A refund by claim link: claimed, approved, failed once, retried, confirmed; and one cancelled. */
    private Object[] refundStory() {
        String to = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
        RefundState open = new RefundState(REFUND, story.invoiceId, merchant, Mode.TEST, Chain.TRON,
                                           TokenAmount.parse("2.00", Asset.USDT), TokenAmount.parse("0.02", Asset.USDT),
                                           TokenAmount.parse("1.98", Asset.USDT), null, "overpaid",
                                           RefundStatus.AWAITING_ADDRESS, "rfc_claim", STORED, null, false, 1, null,
                                           null, null, STORED, STORED);
        RefundState claimed = open.withAddress(to).moved(RefundStatus.AWAITING_APPROVAL, STORED);
        RefundState approved = claimed.moved(RefundStatus.APPROVED, STORED);
        RefundState broadcast = approved.withTransaction("ab12", null, null).moved(RefundStatus.BROADCAST, STORED);
        RefundState failed = broadcast.withTransaction("ab12", null, "reverted").moved(RefundStatus.FAILED, STORED);
        RefundState retried = failed.nextAttempt().moved(RefundStatus.APPROVED, STORED);
        RefundState confirmed = retried.withTransaction("cd34", 42L, null).moved(RefundStatus.CONFIRMED, STORED);
        return new Object[]{new RefundCreated(open), new RefundAddressClaimed(claimed), new RefundApproved(approved),
                new RefundBroadcast(broadcast), new RefundFailed(failed), new RefundApproved(retried),
                new RefundConfirmed(confirmed),
                new RefundCancelled(open.moved(RefundStatus.CANCELLED, STORED).withTransaction(null, null, "expired"))};
    }

    /** Refund events are the refund as each step left it, naming its invoice, for its merchant. */
    @Test
    void refundEventsCarryTheRefundAsTheirStepLeftIt() throws Exception {
        List<IntegrationEvent> events = new ArrayList<>();
        Object[] refunds = refundStory();
        for (int i = 0; i < refunds.length; i++) {
            events.addAll(IntegrationEventMapper.mapMerchantEvent(new SourceEvent("refund-" + i, STORED, refunds[i])));
        }
        assertThat(events).extracting(IntegrationEvent::type).containsExactly(
                IntegrationEventType.REFUND_CREATED, IntegrationEventType.REFUND_ADDRESS_CLAIMED,
                IntegrationEventType.REFUND_APPROVED, IntegrationEventType.REFUND_BROADCAST,
                IntegrationEventType.REFUND_FAILED, IntegrationEventType.REFUND_APPROVED,
                IntegrationEventType.REFUND_CONFIRMED, IntegrationEventType.REFUND_CANCELLED);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.merchantId()).isEqualTo(merchant.value());
            assertThat(event.mode()).isEqualTo(Mode.TEST);
        });
        JsonNode created = JSON.readTree(events.get(0).body()).get("data").get("object");
        assertThat(created.get("object").asText()).isEqualTo("refund");
        assertThat(created.get("invoiceId").asText()).isEqualTo(story.invoiceId.value());
        assertThat(created.get("status").asText()).isEqualTo("awaiting_address");
        assertThat(created.get("claimUrl").asText()).isEqualTo("/refund/rfc_claim");
        assertThat(created.get("feeReversed").asText()).isEqualTo("0.02");
        assertThat(created.get("requestedAt")).isNull(); // shown as createdAt, as the API does
        assertThat(created.get("createdAt").asText()).isEqualTo(STORED.toString());
        JsonNode confirmed = JSON.readTree(events.get(6).body()).get("data").get("object");
        assertThat(confirmed.get("status").asText()).isEqualTo("confirmed");
        assertThat(confirmed.get("attempt").asInt()).isEqualTo(2);
        assertThat(confirmed.get("txHash").asText()).isEqualTo("cd34");
        assertThat(confirmed.get("blockNumber").asLong()).isEqualTo(42L);
        // Two approvals (the first, and the retry) are two public events.
        assertThat(events.get(2).eventId()).isNotEqualTo(events.get(5).eventId());
    }

    /** A payment that neither confirms nor fails for too long is news to the merchant; its state is unchanged. */
    @Test
    void aStuckPaymentIsPaymentStuckWithThePaymentAsItStands() {
        List<IntegrationEvent> events = run(story.created(), story.paymentDetected(payment, "1.00"),
                                            story.invoicePaymentDetected(payment, "1.00", false),
                                            story.paymentStuck(payment));
        IntegrationEvent stuck = events.get(events.size() - 1);
        assertThat(stuck.type()).isEqualTo(IntegrationEventType.PAYMENT_STUCK);
        assertThat(stuck.body()).contains("\"object\":\"payment\"").contains(payment.value())
                                .contains("\"status\":\"DETECTED\"");
    }

    @Test
    void aReorgAfterSettlementTellsOfTheReversalWithTheInvoiceBackWhereItsPaymentsPutIt() {
        List<IntegrationEvent> events = run(concat(story.paidAndSettled(payment),
                                                   story.reversed(payment, "10.49", true, InvoiceStatus.PENDING)));
        IntegrationEvent reversed = events.get(events.size() - 1);
        assertThat(reversed.type()).isEqualTo(IntegrationEventType.PAYMENT_REVERSED);
        assertThat(reversed.body()).contains("\"status\":\"REVERSED\"");
    }

    private static Object[] concat(Object[] first, Object... more) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private List<IntegrationEvent> runWithIds(Object[] payloads, List<String> ids) {
        InvoiceState state = null;
        List<IntegrationEvent> out = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            var result = mapper.map(new SourceEvent(ids.get(i), STORED, payloads[i]), state);
            state = result.state();
            out.addAll(result.events());
        }
        return out;
    }
}
