package dev.tally.launcher;

import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.CreateInvoice;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.merchant.RegisterMerchant;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.mode.Mode;
import dev.tally.platform.test.TestDatabase;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invoice expiry is a persistent deadline: it fires at expiresAt while Tally runs, and also when Tally was down at
 * that moment (after the restart). Deposit addresses keep advancing across the restart.
 */
class InvoiceExpiryAcrossRestartTest {
    private static final MerchantId MERCHANT = MerchantId.of("mer_restart0000000000000001");

    private TestDatabase database;
    private ConfigurableApplicationContext tally;

    @BeforeEach
    void database() {
        database = TestDatabase.create();
    }

    @AfterEach
    void stop() {
        if (tally != null) {
            tally.close();
        }
        database.close();
    }

    @Test
    void anInvoiceDueWhileTallyWasDownExpiresAfterTheRestart() {
        tally = start();
        send(new RegisterMerchant(MERCHANT, "Restart Shop", 100, null, ApiKeyId.of("key_restart000000000000001"),
                                  "tly_live_restart", "0".repeat(64)));
        InvoiceCreated dueSoon = createInvoice("inv_duesoon00000000000000001", Duration.ofSeconds(2));
        InvoiceCreated dueLater = createInvoice("inv_duelater0000000000000001", Duration.ofMinutes(60));
        awaitStatus(dueSoon.invoiceId(), InvoiceStatus.PENDING);
        tally.close();

        // Tally is down when the invoice falls due.
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(dueSoon.expiresAt()));

        tally = start();
        awaitStatus(dueSoon.invoiceId(), InvoiceStatus.EXPIRED);
        assertThat(status(dueLater.invoiceId())).contains(InvoiceStatus.PENDING);

        // A new invoice after the restart gets a fresh address from a later derivation index.
        InvoiceCreated afterRestart = createInvoice("inv_afterrestart00000000001", Duration.ofSeconds(1));
        assertThat(afterRestart.depositAddress()).isNotIn(dueSoon.depositAddress(), dueLater.depositAddress());
        assertThat(afterRestart.derivationIndex()).isGreaterThan(dueLater.derivationIndex());

        // And expiry fires while Tally runs, too.
        awaitStatus(afterRestart.invoiceId(), InvoiceStatus.EXPIRED);
        JdbcTemplate jdbc = tally.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM eventstore.domain_event_entry WHERE payload_type = ?",
                                       Integer.class, "dev.tally.kernel.invoice.InvoiceExpired")).isEqualTo(2);
    }

    private ConfigurableApplicationContext start() {
        // Arguments, like an operator's, take precedence over application.yml.
        return new SpringApplicationBuilder(TallyApplication.class).run(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--server.port=0",
                "--tally.admin.api-key=tly_admin_restart_test_0123456789abcdef",
                "--spring.main.banner-mode=off");
    }

    private void send(Object command) {
        tally.getBean(CommandGateway.class).sendAndWait(command);
    }

    private InvoiceCreated createInvoice(String id, Duration expiresAfter) {
        return tally.getBean(CommandGateway.class).sendAndWait(new CreateInvoice(InvoiceId.of(id), MERCHANT,
                TokenAmount.parse("25", Asset.USDT), Chain.TRON, "order-" + id, null, Map.of(), expiresAfter,
                Mode.TEST));
    }

    private Optional<InvoiceStatus> status(InvoiceId id) {
        return tally.getBean(QueryGateway.class)
                    .query(new FindInvoice(MERCHANT, id, Mode.TEST), ResponseTypes.optionalInstanceOf(InvoiceView.class))
                    .join()
                    .map(InvoiceView::status);
    }

    private void awaitStatus(InvoiceId id, InvoiceStatus expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status(id).orElse(null) == expected);
    }
}
