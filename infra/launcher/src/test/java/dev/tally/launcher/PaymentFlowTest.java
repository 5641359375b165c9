package dev.tally.launcher;

import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferFailed;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.chain.TransferOrphaned;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.merchant.RegisterMerchant;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.payment.RecordConfirmations;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.tally.launcher.ChainFlows.USDT_TRON;
import static dev.tally.launcher.ChainFlows.hex;
import static dev.tally.launcher.ChainFlows.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * From "a transfer to this invoice's address was seen" to "the merchant's net is settled and the fee booked", through
 * the chain observation port, the Payment aggregate, both sagas, the Settlement aggregate and the projections, on
 * PostgreSQL — including duplicates, failures, reorgs and transfers nobody expects.
 */
@SpringBootTest(classes = TallyApplication.class, properties = "tally.admin.api-key=tly_admin_flow_test_0123456789abcdef")
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
class PaymentFlowTest {
    @Autowired
    ChainObservationPort observations;
    @Autowired
    CommandGateway commands;
    @Autowired
    CommandBus commandBus;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcTemplate jdbc;

    MerchantId merchant;

    @BeforeEach
    void merchant() {
        merchant = MerchantId.of("mer_" + hex(11));
        commands.sendAndWait(new RegisterMerchant(merchant, "Flow Shop", 100, null, ApiKeyId.of("key_" + hex(11)),
                                                  "tly_live_flow", hex(32)));
    }

    @Test
    void aConfirmedPaymentIsSettledWithTheExactFeeSplitAndNothingCreditedTwice() {
        InvoiceCreated invoice = invoice("150.00");
        assertThat(invoice.requiredConfirmations()).isEqualTo(12);
        TransferObserved transfer = transfer(invoice, "150.00", "block-1");

        observations.accept(transfer);
        awaitStatus(invoice, InvoiceStatus.CONFIRMING);
        for (int confirmations = 2; confirmations < 12; confirmations++) {
            observations.accept(new ConfirmationsObserved(transfer.paymentId(), transfer.blockHash(), confirmations,
                                                          Instant.now()));
        }
        assertThat(status(invoice)).isEqualTo(InvoiceStatus.CONFIRMING);
        observations.accept(new ConfirmationsObserved(transfer.paymentId(), transfer.blockHash(), 12, Instant.now()));
        awaitStatus(invoice, InvoiceStatus.SETTLED);

        // Redelivered, reordered, repeated: nothing new happens.
        for (int i = 0; i < 10; i++) {
            observations.accept(transfer);
            observations.accept(new ConfirmationsObserved(transfer.paymentId(), transfer.blockHash(), 12 + i,
                                                          Instant.now()));
        }
        assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ?",
                         transfer.paymentId().value())).isEqualTo(3); // detected, in block, confirmed
        assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE payload_type = "
                         + "'dev.tally.kernel.settlement.SettlementCreated' AND aggregate_identifier = ?",
                         "stl_" + invoice.invoiceId().value().substring(4))).isEqualTo(1);
        assertThat(status(invoice)).isEqualTo(InvoiceStatus.SETTLED);

        // The ledger, to the base unit: 150.00 at 1 % → fee 1.50 to the platform, net 148.50 available.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(balance("MERCHANT_AVAILABLE")).isEqualTo(148_500_000L);
            assertThat(balance("MERCHANT_PENDING")).isZero();
        });
        String settlement = "stl_" + invoice.invoiceId().value().substring(4);
        assertThat(jdbc.queryForList("SELECT t.amount FROM query.ledger_transfers t JOIN query.ledger_accounts a "
                                     + "ON a.id = t.credit_account WHERE t.source_id = ? AND a.kind = 'PLATFORM_FEE_REVENUE'",
                                     Long.class, settlement)).containsExactly(1_500_000L);
        assertThat(count("SELECT count(*) FROM query.ledger_transfers WHERE source_id = ? AND status = 'POSTED'",
                         transfer.paymentId().value())).isEqualTo(1);
        assertBooksBalance();
    }

    @Test
    void reportsThatCannotChangeAConfirmedPaymentAreNotSentButItsFinalityAndAnyOtherBlockAre() {
        InvoiceCreated invoice = invoice("9.99"); // one confirmation suffices
        TransferObserved transfer = transfer(invoice, "9.99", "block-c");
        PaymentId payment = transfer.paymentId();
        List<RecordConfirmations> sent = new CopyOnWriteArrayList<>();
        Registration counting = recordReports(payment, sent);
        try {
            observations.accept(transfer);
            awaitStatus(invoice, InvoiceStatus.SETTLED);
            for (int confirmations = 2; confirmations <= 10; confirmations++) {
                observations.accept(new ConfirmationsObserved(payment, "block-c", confirmations, Instant.now()));
            }
            // The first is answered "confirmed in block-c": the rest could change nothing, so they were not sent.
            assertThat(sent).extracting(RecordConfirmations::confirmations).containsExactly(2);

            observations.accept(new ConfirmationsObserved(payment, "block-c", 11, true, Instant.now()));
            observations.accept(new ConfirmationsObserved(payment, "block-c", 12, true, Instant.now()));
            assertThat(sent).extracting(RecordConfirmations::confirmations).containsExactly(2, 11);
            assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ? "
                             + "AND payload_type = 'dev.tally.kernel.payment.PaymentFinalized'", payment.value()))
                    .isEqualTo(1);

            // Twins: another block's confirmations are always sent (the aggregate judges them stale), and any other
            // observation of the payment makes the next report go again.
            observations.accept(new ConfirmationsObserved(payment, "block-other", 3, Instant.now()));
            observations.accept(transfer);
            observations.accept(new ConfirmationsObserved(payment, "block-c", 13, true, Instant.now()));
            assertThat(sent).extracting(RecordConfirmations::blockHash, RecordConfirmations::confirmations)
                            .containsExactly(tuple("block-c", 2), tuple("block-c", 11), tuple("block-other", 3),
                                             tuple("block-c", 13));
            assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ?",
                             payment.value())).isEqualTo(4); // detected, in block, confirmed, final
        } finally {
            counting.cancel();
        }
    }

    @Test
    void aReorgAfterTheConfirmationMakesTheSameBlocksReportsGoAgain() {
        InvoiceCreated invoice = invoice("9.99");
        TransferObserved transfer = transfer(invoice, "9.99", "block-r");
        PaymentId payment = transfer.paymentId();
        List<RecordConfirmations> sent = new CopyOnWriteArrayList<>();
        Registration counting = recordReports(payment, sent);
        try {
            observations.accept(transfer);
            observations.accept(new ConfirmationsObserved(payment, "block-r", 2, Instant.now()));
            observations.accept(new ConfirmationsObserved(payment, "block-r", 3, Instant.now()));
            assertThat(sent).extracting(RecordConfirmations::confirmations).containsExactly(2);

            // The block leaves the chain after the payment counted: reversed, and the answer forgotten.
            observations.accept(new TransferOrphaned(payment, "block-r", Instant.now()));
            observations.accept(new ConfirmationsObserved(payment, "block-r", 4, Instant.now()));
            observations.accept(new ConfirmationsObserved(payment, "block-r", 5, true, Instant.now()));
            assertThat(sent).extracting(RecordConfirmations::confirmations).containsExactly(2, 4, 5);
            assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ? "
                             + "AND payload_type = 'dev.tally.kernel.payment.PaymentReversed'", payment.value()))
                    .isEqualTo(1);
            // A reversed payment is never made final by a report of the block it left.
            assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ? "
                             + "AND payload_type = 'dev.tally.kernel.payment.PaymentFinalized'", payment.value()))
                    .isZero();
        } finally {
            counting.cancel();
        }
    }

    @Test
    void theDesignsExampleSplitsNineNinetyNineIntoTenCentsAndNineEightyNine() {
        InvoiceCreated invoice = invoice("9.99");
        observations.accept(transfer(invoice, "9.99", "block-9"));
        awaitStatus(invoice, InvoiceStatus.SETTLED);
        String settlement = "stl_" + invoice.invoiceId().value().substring(4);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForMap(
                "SELECT gross_base_units, fee_base_units, net_base_units FROM query.settlements WHERE settlement_id = ?",
                settlement)).containsValues(9_990_000L, 100_000L, 9_890_000L));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(balance("MERCHANT_AVAILABLE")).isEqualTo(9_890_000L));
        assertBooksBalance();
    }

    @Test
    void twoPartialPaymentsCompleteAnInvoice() {
        InvoiceCreated invoice = invoice("9.99");
        TransferObserved first = transfer(invoice, "5.00", "block-a");
        TransferObserved second = transfer(invoice, "4.99", "block-b");
        observations.accept(first);   // 1 confirmation suffices below 100 USDT
        awaitStatus(invoice, InvoiceStatus.UNDERPAID);
        observations.accept(second);
        awaitStatus(invoice, InvoiceStatus.SETTLED);
    }

    @Test
    void aFailedTransferCreditsNothingAndTheInvoiceWaitsForPaymentAgain() {
        InvoiceCreated invoice = invoice("150.00");
        TransferObserved transfer = transfer(invoice, "150.00", null); // in the mempool
        observations.accept(transfer);
        awaitStatus(invoice, InvoiceStatus.CONFIRMING);
        observations.accept(new TransferFailed(transfer.paymentId(), "REVERT", Instant.now()));
        awaitStatus(invoice, InvoiceStatus.PENDING);
        // Nothing was credited: the pending transfer was voided.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(
                "SELECT count(*) FROM query.ledger_transfers WHERE source_id = ? AND status = 'VOIDED'",
                transfer.paymentId().value())).isEqualTo(1));
        assertThat(balance("MERCHANT_PENDING")).isZero();
        assertThat(balance("MERCHANT_AVAILABLE")).isZero();
        assertBooksBalance();
    }

    @Test
    void aReorgBeforeTheThresholdWithdrawsThePaymentUntilItIsSeenAgain() {
        InvoiceCreated invoice = invoice("150.00");
        TransferObserved transfer = transfer(invoice, "150.00", "block-x");
        observations.accept(transfer);
        observations.accept(new ConfirmationsObserved(transfer.paymentId(), "block-x", 11, Instant.now()));
        observations.accept(new TransferOrphaned(transfer.paymentId(), "block-x", Instant.now()));
        awaitStatus(invoice, InvoiceStatus.PENDING);

        TransferObserved again = new TransferObserved(Chain.TRON, transfer.txHash(), 0, USDT_TRON, "TCustomer",
                transfer.to(), transfer.amount(), 501L, "block-y", Instant.now());
        observations.accept(again);
        observations.accept(new ConfirmationsObserved(transfer.paymentId(), "block-y", 12, Instant.now()));
        awaitStatus(invoice, InvoiceStatus.SETTLED);
    }

    @Test
    void aTransferToAnUnknownAddressIsRecordedButCreditedToNobody() {
        TransferObserved stray = new TransferObserved(Chain.TRON, hex(32), 0, USDT_TRON, "TCustomer",
                "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH", TokenAmount.parse("42", Asset.USDT), 900L, "block-z",
                Instant.now());
        observations.accept(stray);
        assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ? "
                         + "AND payload_type = 'dev.tally.kernel.payment.UnmatchedTransferRecorded'",
                         stray.paymentId().value())).isEqualTo(1);
        observations.accept(new ConfirmationsObserved(stray.paymentId(), "block-z", 40, Instant.now()));
        assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ?",
                         stray.paymentId().value())).isEqualTo(1);
    }

    @Test
    void confirmationsBeforeTheTransferAreDroppedUntilTheTransferArrives() {
        InvoiceCreated invoice = invoice("20");
        TransferObserved transfer = transfer(invoice, "20", "block-early");
        awaitStatus(invoice, InvoiceStatus.PENDING);
        observations.accept(new ConfirmationsObserved(transfer.paymentId(), "block-early", 3, Instant.now()));
        assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ?",
                         transfer.paymentId().value())).isZero();
        observations.accept(transfer);
        awaitStatus(invoice, InvoiceStatus.SETTLED);
    }

    @Test
    void creatingTheSameAggregateTwiceIsAConcurrencyConflictNotAStorageError() {
        assertThatThrownBy(() -> commands.sendAndWait(new RegisterMerchant(merchant, "Impostor", 0, null,
                ApiKeyId.of("key_" + hex(11)), "tly_live_impostor", hex(32))))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(count("SELECT count(*) FROM eventstore.domain_event_entry WHERE aggregate_identifier = ?",
                         merchant.value())).isEqualTo(2);
    }

    // ---------------------------------------------------------------- helpers

    /** Adds every confirmation report of {@code payment} that is sent on the command bus to {@code sent}. */
    private Registration recordReports(PaymentId payment, List<RecordConfirmations> sent) {
        return commandBus.registerDispatchInterceptor(messages -> (index, message) -> {
            if (message.getPayload() instanceof RecordConfirmations report && report.paymentId().equals(payment)) {
                sent.add(report);
            }
            return message;
        });
    }

    private InvoiceCreated invoice(String amount) {
        return ChainFlows.invoice(commands, merchant, amount);
    }

    private InvoiceStatus status(InvoiceCreated invoice) {
        return queries.query(new FindInvoice(merchant, invoice.invoiceId(), Mode.TEST),
                             ResponseTypes.optionalInstanceOf(InvoiceView.class))
                      .join().map(InvoiceView::status).orElse(null);
    }

    private void awaitStatus(InvoiceCreated invoice, InvoiceStatus expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status(invoice) == expected);
    }

    /** The posted balance of one of this test's merchant's accounts, in base units (0 when it has none yet). */
    private long balance(String kind) {
        return jdbc.queryForList("SELECT credits_posted - debits_posted FROM query.ledger_accounts "
                                 + "WHERE merchant_id = ? AND kind = ?", Long.class, merchant.value(), kind)
                   .stream().mapToLong(Long::longValue).sum();
    }

    /** Debits equal credits, pending and posted, over the whole ledger. */
    private void assertBooksBalance() {
        Map<String, Object> totals = jdbc.queryForMap("SELECT sum(debits_pending) dp, sum(credits_pending) cp, "
                                                      + "sum(debits_posted) dd, sum(credits_posted) cd FROM query.ledger_accounts");
        assertThat(totals.get("dp")).isEqualTo(totals.get("cp"));
        assertThat(totals.get("dd")).isEqualTo(totals.get("cd"));
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}
