package dev.tally.saga.payment;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.platform.axon.AxonPostgresAutoConfiguration;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The saga is stored with the platform's Jackson serializer (no default typing): its state must survive the trip. */
class PaymentConfirmationSagaStorageTest {

    private static final String TX_HASH = "a41be07c93d25f6e18b4c0d7e2f9a63b5c8d1e04f7a2b96c3d0e5f18a7b4c2d69";
    private static final PaymentId PAYMENT = PaymentId.of(Chain.TRON, TX_HASH, 3);
    private static final InvoiceId INVOICE = InvoiceId.of("inv_7Gm3QxK9pTz2VwR5nL8cYb");
    private static final MerchantId MERCHANT = MerchantId.of("mer_2Lp7WqN4xZk9TcR3vB6mHd");
    private static final TokenAmount AMOUNT = TokenAmount.ofBaseUnits(Asset.USDT, 19_990_000L);
    private static final Instant DETECTED_AT = Instant.parse("2025-06-02T14:03:11Z");

    private final Serializer storage = new AxonPostgresAutoConfiguration().serializer();

    @Test
    void aSagaMidStorySurvivesTheSagaStoresSerializer() {
        AtomicReference<PaymentConfirmationSaga> live = new AtomicReference<>();
        SagaTestFixture<PaymentConfirmationSaga> fixture = new SagaTestFixture<>(PaymentConfirmationSaga.class);
        fixture.registerResource(new PaymentSagaProperties());
        fixture.registerResourceInjector(saga -> live.set((PaymentConfirmationSaga) saga));
        fixture.givenCurrentTime(DETECTED_AT)
               .andThenAPublished(detected(1, DETECTED_AT))
               .andThenAPublished(new PaymentOrphaned(PAYMENT, INVOICE, MERCHANT, AMOUNT, "00000000deadbeef",
                                                      DETECTED_AT.plusSeconds(50)))
               .whenPublishingA(detected(2, DETECTED_AT.plusSeconds(70)))
               .expectActiveSagas(1);
        PaymentConfirmationSaga saga = live.get();
        assertThat(saga.getStuckDeadlineId()).isNotNull();

        SerializedObject<byte[]> stored = storage.serialize(saga, byte[].class);
        String json = new String(stored.getData(), StandardCharsets.UTF_8);
        PaymentConfirmationSaga loaded = storage.deserialize(stored);

        assertThat(json).doesNotContain("@class").contains(PAYMENT.value()).contains(INVOICE.value());
        assertThat(loaded).usingRecursiveComparison().isEqualTo(saga);
        assertThat(loaded.getPaymentId()).isEqualTo(PAYMENT.value());
        assertThat(loaded.getInvoiceId()).isEqualTo(INVOICE.value());
        assertThat(loaded.getDetection()).isEqualTo(2);
        assertThat(loaded.isCounted()).isTrue();
        assertThat(loaded.isEscalated()).isFalse();
    }

    private static PaymentDetected detected(int detection, Instant at) {
        return new PaymentDetected(PAYMENT, INVOICE, MERCHANT, Chain.TRON, TX_HASH, 3,
                                   "TXk8rQe3mTnE9v2YbUqPsLwCf7Ajh4dNzR", "TMuA6YqfCeX8EhbfYEg5y7S4DqzSJireY9",
                                   AMOUNT, 1, detection, at, null);
    }
}
