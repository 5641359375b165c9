package dev.tally.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferFailed;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.merchant.RegisterMerchant;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.tally.launcher.ChainFlows.hex;
import static dev.tally.launcher.ChainFlows.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The integration events of real flows (command side, sagas, chain observations), in the all-in-one launcher with the
 * Kafka publisher off: the order an integrator sees them in, and the money in them. Same context as PaymentFlowTest.
 */
@SpringBootTest(classes = TallyApplication.class, properties = "tally.admin.api-key=tly_admin_flow_test_0123456789abcdef")
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
class IntegrationEventsFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    ChainObservationPort observations;
    @Autowired
    CommandGateway commands;
    @Autowired
    JdbcTemplate jdbc;

    MerchantId merchant;

    @BeforeEach
    void merchant() {
        merchant = MerchantId.of("mer_" + hex(11));
        commands.sendAndWait(new RegisterMerchant(merchant, "Events Shop", 100, null,
                                                  ApiKeyId.of("key_" + hex(11)), "tly_live_events", hex(32)));
    }

    @Test
    void aPaidAndSettledInvoiceGivesItsMilestonesInOrder() throws Exception {
        InvoiceCreated invoice = invoice("9.99");
        TransferObserved transfer = transfer(invoice, "10.49", "block-1");
        observations.accept(transfer);
        observations.accept(new ConfirmationsObserved(transfer.paymentId(), "block-1", 12, Instant.now()));

        List<String> expected = List.of("invoice.created", "invoice.payment_detected", "invoice.confirming",
                                        "invoice.paid", "invoice.overpaid", "settlement.completed", "invoice.settled");
        await().atMost(Duration.ofSeconds(60))
               .untilAsserted(() -> assertThat(types(invoice)).containsExactlyElementsOf(expected));

        JsonNode paid = body(invoice, "invoice.paid");
        assertThat(paid.at("/data/object/amountPaid").asText()).isEqualTo("10.49");
        assertThat(paid.at("/data/object/amountOverpaid").asText()).isEqualTo("0.50");
        assertThat(paid.at("/data/object/payments/0/id").asText()).isEqualTo(transfer.paymentId().value());
        assertThat(paid.at("/data/object/payments/0/status").asText()).isEqualTo("CONFIRMED");
        JsonNode settlement = body(invoice, "settlement.completed").at("/data/object");
        assertThat(settlement.get("gross").asText()).isEqualTo("10.49");
        assertThat(settlement.get("fee").asText()).isEqualTo("0.10");
        assertThat(settlement.get("net").asText()).isEqualTo("10.39");
        assertThat(settlement.get("feeBasisPoints").asInt()).isEqualTo(100);
        assertThat(body(invoice, "invoice.settled").at("/data/object/status").asText()).isEqualTo("SETTLED");
        assertThat(jdbc.queryForList("SELECT DISTINCT merchant_id FROM integration.events WHERE invoice_id = ?",
                                     String.class, invoice.invoiceId().value())).containsExactly(merchant.value());
    }

    @Test
    void aFailedTransferIsAPaymentEvent() throws Exception {
        InvoiceCreated invoice = invoice("150.00");
        TransferObserved transfer = transfer(invoice, "150.00", null);
        observations.accept(transfer);
        await().atMost(Duration.ofSeconds(60)).until(() -> types(invoice).contains("invoice.payment_detected"));
        observations.accept(new TransferFailed(transfer.paymentId(), "REVERT", Instant.now()));

        await().atMost(Duration.ofSeconds(60)).until(() -> types(invoice).contains("payment.failed"));
        assertThat(types(invoice)).containsExactly("invoice.created", "invoice.payment_detected", "payment.failed");
        JsonNode failed = body(invoice, "payment.failed").at("/data/object");
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo("REVERT");
        assertThat(failed.get("amount").asText()).isEqualTo("150.00");
    }

    private List<String> types(InvoiceCreated invoice) {
        return jdbc.queryForList("SELECT type FROM integration.events WHERE invoice_id = ? ORDER BY seq",
                                 String.class, invoice.invoiceId().value());
    }

    private JsonNode body(InvoiceCreated invoice, String type) throws Exception {
        return JSON.readTree(jdbc.queryForObject("SELECT body FROM integration.events WHERE invoice_id = ? "
                                                 + "AND type = ?", String.class, invoice.invoiceId().value(), type));
    }

    private InvoiceCreated invoice(String amount) {
        return ChainFlows.invoice(commands, merchant, amount);
    }
}
