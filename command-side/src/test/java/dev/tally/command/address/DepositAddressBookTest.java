package dev.tally.command.address;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.money.Chain;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import dev.tally.platform.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The address row decides between a cancel and a payment of the same invoice, on a real PostgreSQL: whichever locks
 * it first wins, the other sees it (a cancel after a matched payment is refused; a payment after a cancel is matched
 * to the cancelled invoice, which makes it unapplied funds). Matching is judged by the block's time.
 */
class DepositAddressBookTest {
    private static final Instant EXPIRES_AT = Instant.parse("2026-12-01T10:15:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(60);
    private static final String ADDRESS = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8";
    private static final InvoiceId INVOICE = InvoiceId.of("inv_9kT9pQ2mLx7vRz8w");

    private TestDatabase database;
    private DriverManagerDataSource dataSource;
    private DepositAddressBook book;
    private TransactionTemplate transactions;

    @BeforeEach
    void migrate() {
        database = TestDatabase.create();
        dataSource = new DriverManagerDataSource(database.url(), database.user(), database.password());
        new SchemaMigrations(dataSource, List.of(new ModuleSchema("command", 10))).afterPropertiesSet();
        book = new DepositAddressBook(JdbcClient.create(dataSource));
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        JdbcClient.create(dataSource).sql("""
                INSERT INTO command.deposit_addresses (chain, address, derivation_index, invoice_id, allocated_at,
                                                       merchant_id, required_confirmations, expires_at)
                VALUES ('tron', ?, 7, ?, ?, 'mer_4kT9xQ2mLp7vRz8w', 1, ?)""")
                  .params(ADDRESS, INVOICE.value(), Timestamp.from(EXPIRES_AT.minusSeconds(900)),
                          Timestamp.from(EXPIRES_AT))
                  .update();
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void aCancelAfterAMatchedPaymentIsRefused() {
        assertThat(match(EXPIRES_AT.minusSeconds(60))).isInstanceOf(DepositAddressBook.Matched.class);
        assertThat(close(EXPIRES_AT)).isFalse();
    }

    @Test
    void aPaymentAfterACancelIsStillMatchedToTheCancelledInvoice() {
        assertThat(close(EXPIRES_AT.minusSeconds(300))).isTrue();
        DepositAddressBook.Match match = match(EXPIRES_AT.minusSeconds(60));
        assertThat(match).isInstanceOfSatisfying(DepositAddressBook.Matched.class,
                m -> assertThat(m.entry().closedAt()).isEqualTo(EXPIRES_AT.minusSeconds(300)));
    }

    @Test
    void aCancelWaitsForAPaymentBeingMatchedAndThenLoses() throws Exception {
        CountDownLatch matched = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> payment = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(s -> {
            book.match(Chain.TRON, ADDRESS, EXPIRES_AT.minusSeconds(60), WINDOW);
            matched.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> commit.getCount() == 0);
        }));
        assertThat(matched.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> cancel = CompletableFuture.supplyAsync(() -> close(EXPIRES_AT));
        // The cancel is blocked on the address row the payment holds.
        await().atMost(Duration.ofSeconds(30)).until(() -> JdbcClient.create(dataSource).sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .query(Long.class).single() == 1);
        commit.countDown();
        payment.get(30, TimeUnit.SECONDS);
        assertThat(cancel.get(30, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aBlockBeforeTheEndOfTheMonitoringWindowMatchesHoweverLateItIsSeen() {
        assertThat(match(EXPIRES_AT.plus(WINDOW))).isInstanceOf(DepositAddressBook.Matched.class);
        assertThat(match(EXPIRES_AT.plus(WINDOW).plusSeconds(1))).isInstanceOfSatisfying(
                DepositAddressBook.Unmatched.class, u -> assertThat(u.reason()).contains("monitoring window"));
        DepositAddressBook.Match unknown = transactions.execute(s -> book.match(Chain.TRON, "TNobody", EXPIRES_AT,
                                                                                WINDOW));
        assertThat(unknown).isInstanceOfSatisfying(DepositAddressBook.Unmatched.class,
                                        u -> assertThat(u.reason()).contains("no invoice"));
    }

    private boolean close(Instant at) {
        Boolean closed = transactions.execute(s -> book.closeUnlessPaid(INVOICE, at));
        return Boolean.TRUE.equals(closed);
    }

    private DepositAddressBook.Match match(Instant paidAt) {
        return transactions.execute(s -> book.match(Chain.TRON, ADDRESS, paidAt, WINDOW));
    }

    @Test
    void anEvmTransferIsMatchedByAnyCaseOfItsAddressThroughAnIndex() {
        String stored = "0x9858EfFD232B4033E47d90003D41EC34EcaEda94";
        InvoiceId invoice = InvoiceId.of("inv_8kT9pQ2mLx7vRz8w");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                INSERT INTO command.deposit_addresses (chain, address, derivation_index, invoice_id, allocated_at,
                                                       merchant_id, required_confirmations, expires_at)
                VALUES ('ethereum', ?, 0, ?, ?, 'mer_4kT9xQ2mLp7vRz8w', 1, ?)""")
            .params(stored, invoice.value(), Timestamp.from(EXPIRES_AT.minusSeconds(900)), Timestamp.from(EXPIRES_AT))
            .update();

        var match = book.match(Chain.ETHEREUM, stored.toLowerCase(Locale.ROOT), EXPIRES_AT, WINDOW);

        assertThat(match).isInstanceOfSatisfying(DepositAddressBook.Matched.class,
                                                 m -> assertThat(m.entry().invoiceId()).isEqualTo(invoice));
        // The lookup can use its index (the planner is told to avoid whole-table reads where it has a choice).
        String plan = transactions.execute(tx -> {
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return String.join("\n", jdbc.sql("EXPLAIN " + DepositAddressBook.EVM_ADDRESS_LOOKUP)
                                         .param("address", stored.toLowerCase(Locale.ROOT))
                                         .query(String.class).list());
        });
        assertThat(plan).contains("deposit_addresses_evm_lookup_idx");
    }
}
