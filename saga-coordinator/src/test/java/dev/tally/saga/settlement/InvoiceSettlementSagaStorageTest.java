package dev.tally.saga.settlement;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
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
class InvoiceSettlementSagaStorageTest {

    private static final InvoiceId INVOICE = InvoiceId.of("inv_6Tq3ZxN8wK2vRm5pL9cBhD");
    private static final MerchantId MERCHANT = MerchantId.of("mer_7Vb4LqX9nT2kWz6rM3dCpF");
    private static final TokenAmount GROSS = TokenAmount.ofBaseUnits(Asset.USDT, 9_990_000L);

    private final Serializer storage = new AxonPostgresAutoConfiguration().serializer();

    @Test
    void aStartedSagaSurvivesTheSagaStoresSerializer() {
        AtomicReference<InvoiceSettlementSaga> live = new AtomicReference<>();
        SagaTestFixture<InvoiceSettlementSaga> fixture = new SagaTestFixture<>(InvoiceSettlementSaga.class);
        fixture.registerResourceInjector(saga -> live.set((InvoiceSettlementSaga) saga));
        fixture.givenNoPriorActivity()
               .whenPublishingA(new InvoicePaid(INVOICE, MERCHANT, GROSS, GROSS, TokenAmount.zero(Asset.USDT), 100,
                                                false, Instant.parse("2025-06-02T10:00:00Z")))
               .expectActiveSagas(1);
        InvoiceSettlementSaga saga = live.get();
        assertThat(saga.isSettlementRequested()).isTrue();

        SerializedObject<byte[]> stored = storage.serialize(saga, byte[].class);
        String json = new String(stored.getData(), StandardCharsets.UTF_8);
        InvoiceSettlementSaga loaded = storage.deserialize(stored);

        assertThat(json).doesNotContain("@class").contains(INVOICE.value());
        assertThat(loaded).usingRecursiveComparison().isEqualTo(saga);
        assertThat(loaded.getInvoiceId()).isEqualTo(INVOICE.value());
        assertThat(loaded.getSettlementId()).isEqualTo(SettlementId.forInvoice(INVOICE).value());
        assertThat(loaded.isSettlementRequested()).isTrue();
    }
}
