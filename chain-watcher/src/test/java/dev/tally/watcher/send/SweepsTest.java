package dev.tally.watcher.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.sweep.RequestSweep;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import dev.tally.platform.test.TestDatabase;
import dev.tally.watcher.sandbox.SandboxChain;

import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The sweep planner on PostgreSQL, with the sandbox chain's balances as the one source it reads, and a command bus
 * that takes its requests: a deposit address kept while its chain had no source is swept once the chain has one;
 * one whose chain still has none waits.
 */
class SweepsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static TestDatabase database;
    private static DataSource dataSource;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.create();
        dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
        new SchemaMigrations(dataSource, List.of(new ModuleSchema("watcher", 30))).afterPropertiesSet();
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void anAddressKeptBeforeItsChainHadASourceIsSweptOnceItHasOne() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        List<RequestSweep> requested = new CopyOnWriteArrayList<>();
        bus.subscribe(RequestSweep.class.getName(), command -> {
            requested.add((RequestSweep) command.getPayload());
            return null;
        });
        SandboxChain chain = new SandboxChain(1);
        chain.produceBlock(T0);
        Sweeps.Policy policy = new Sweeps.Policy(TokenAmount.parse("50", Asset.USDT), Duration.ofHours(1), 50);

        // No source at all: both addresses are kept, and due once paid.
        Sweeps without = sweeps(bus, Map.of(), policy);
        created(without, "inv_sweepsold1", Chain.TRON, "TSweepsOldAddress1", 4);
        created(without, "inv_sweepsold2", Chain.ETHEREUM, "0x00000000000000000000000000000000005eed02", 5);
        chain.submit(Chain.TRON, "TSweepsOldAddress1", TokenAmount.parse("60", Asset.USDT));
        chain.submit(Chain.ETHEREUM, "0x00000000000000000000000000000000005eed02",
                     TokenAmount.parse("70", Asset.USDT));
        chain.produceBlock(T0.plusSeconds(3));
        chain.produceBlock(T0.plusSeconds(6)); // both final
        paid(without, "inv_sweepsold1");
        paid(without, "inv_sweepsold2");
        assertThat(without.plan()).isZero();

        // Tron's balances readable now, Ethereum's not: the Tron address is swept of its final 60; the other waits.
        Sweeps withTron = sweeps(bus, Map.of(new Sweeps.Source(Mode.TEST, Chain.TRON),
                                             owner -> chain.tokenBalance(Chain.TRON, owner)), policy);
        assertThat(withTron.plan()).isEqualTo(1);
        assertThat(requested).singleElement().satisfies(sweep -> {
            assertThat(sweep.depositAddress()).isEqualTo("TSweepsOldAddress1");
            assertThat(sweep.derivationIndex()).isEqualTo(4);
            assertThat(sweep.amount()).isEqualTo(TokenAmount.parse("60", Asset.USDT));
        });
        assertThat(JdbcClient.create(dataSource).sql(
                        "SELECT due_since IS NOT NULL FROM watcher.sweep_addresses WHERE invoice_id = ?")
                           .param("inv_sweepsold2").query(Boolean.class).single())
                .isTrue();
    }

    private static Sweeps sweeps(SimpleCommandBus bus, Map<Sweeps.Source, TokenBalances> sources,
                                 Sweeps.Policy policy) {
        return new Sweeps(sources, JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource),
                          DefaultCommandGateway.builder().commandBus(bus).build(), Clock.systemUTC(), policy);
    }

    private static void created(Sweeps sweeps, String invoice, Chain chain, String address, long index) {
        sweeps.on(new InvoiceCreated(InvoiceId.of(invoice), MerchantId.of("mer_sweeps01"), "order", TokenAmount.parse(
                "60", Asset.USDT), chain, address, index, 1, 100, null, Map.of(), T0, T0.plusSeconds(3600),
                                     Mode.TEST));
    }

    private static void paid(Sweeps sweeps, String invoice) {
        sweeps.on(new InvoicePaymentDetected(InvoiceId.of(invoice), MerchantId.of("mer_sweeps01"),
                                             PaymentId.of(Chain.TRON, "0x" + "ab".repeat(32), invoice.length()),
                                             TokenAmount.parse("60", Asset.USDT),
                                             false, T0, InvoiceStatus.CONFIRMING));
    }
}
