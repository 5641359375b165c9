package dev.tally.query.ledger;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.query.TestEvents;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.tally.query.TestEvents.usdt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The booking rules and invariants without a database: an in-memory ledger commits each journal. */
class LedgerJournalTest {
    private final MerchantId merchant = TestEvents.merchantId();
    private final InvoiceId invoice = TestEvents.invoiceId();
    private final PaymentId payment = TestEvents.paymentId();
    private final SettlementId settlement = SettlementId.forInvoice(invoice);
    private final Instant at = Instant.parse("2026-03-01T10:00:00Z");
    private final InMemoryLedger ledger = new InMemoryLedger();

    @Test
    void aPaymentsLifeMovesMoneyThroughTheAccountsAndAlwaysBalances() {
        ledger.book(j -> j.detected(detected("9.99", 1), cause()));
        assertThat(ledger.balance(merchantPending())).isEqualTo(balance(merchantPending(), 0, 9_990_000, 0, 0));
        assertThat(ledger.balance(clearing())).isEqualTo(balance(clearing(), 9_990_000, 0, 0, 0));

        ledger.book(j -> j.confirmed(confirmed("9.99"), cause()));
        assertThat(ledger.balance(merchantPending())).isEqualTo(balance(merchantPending(), 0, 0, 0, 9_990_000));
        assertThat(ledger.balance(clearing())).isEqualTo(balance(clearing(), 0, 0, 9_990_000, 0));

        ledger.book(j -> j.settled(completed("9.99", "0.10", "9.89"), cause()));
        assertThat(ledger.balance(merchantPending()).postedBalance()).isZero();
        assertThat(ledger.balance(merchantAvailable()).postedBalance()).isEqualTo(9_890_000);
        assertThat(ledger.balance(LedgerAccount.platformFeeRevenue(Asset.USDT)).postedBalance()).isEqualTo(100_000);
        assertThat(ledger.balance(clearing()).postedBalance()).isEqualTo(9_990_000);
        assertThat(ledger.transferIds()).containsExactly("pay:" + payment + ":1", "pay:" + payment + ":1:post",
                "stl:" + settlement + ":net", "stl:" + settlement + ":fee");
    }

    @Test
    void aSettlementCompletedAfterItsInvoiceTookTheMoneyBackBooksNothing() {
        ledger.book(j -> j.detected(detected("9.99", 1), cause()));
        ledger.book(j -> j.confirmed(confirmed("9.99"), cause()));
        ledger.book(j -> {
            // The reorg reversed the payment before the settlement completed; its completion comes after.
            j.reversed(new InvoicePaymentReversed(invoice, merchant, payment, usdt("9.99"), false, settlement,
                                                  usdt("0"), InvoiceStatus.PENDING, at), cause());
            j.settled(completed("9.99", "0.10", "9.89"), cause());
        });
        assertThat(ledger.balance(merchantPending()).postedBalance()).isZero();
        assertThat(ledger.balance(merchantAvailable()).postedBalance()).isZero();
        assertThat(ledger.balance(clearing()).postedBalance()).isZero();
        assertThat(ledger.transferIds()).doesNotContain("stl:" + settlement + ":net");
    }

    @Test
    void oneBatchBooksTheSameAsOneEventAtATime() {
        InMemoryLedger batched = new InMemoryLedger();
        batched.book(j -> {
            j.detected(detected("9.99", 1), cause());
            j.confirmed(confirmed("9.99"), cause());
            j.settled(completed("9.99", "0.10", "9.89"), cause());
        });
        ledger.book(j -> j.detected(detected("9.99", 1), cause()));
        ledger.book(j -> j.confirmed(confirmed("9.99"), cause()));
        ledger.book(j -> j.settled(completed("9.99", "0.10", "9.89"), cause()));

        assertThat(batched.balances).isEqualTo(ledger.balances);
        assertThat(batched.transferIds()).isEqualTo(ledger.transferIds());
    }

    @Test
    void anEventSeenTwiceInOneBatchOrAcrossBatchesBooksOnce() {
        ledger.book(j -> {
            j.detected(detected("9.99", 1), cause());
            j.detected(detected("9.99", 1), cause());
        });
        ledger.book(j -> {
            j.confirmed(confirmed("9.99"), cause());
            j.confirmed(confirmed("9.99"), cause());
        });
        ledger.book(j -> j.confirmed(confirmed("9.99"), cause()));
        ledger.book(j -> j.settled(completed("9.99", "0.10", "9.89"), cause()));
        ledger.book(j -> j.settled(completed("9.99", "0.10", "9.89"), cause()));

        assertThat(ledger.transferIds()).hasSize(4);
        assertThat(ledger.balance(merchantAvailable()).postedBalance()).isEqualTo(9_890_000);
    }

    @Test
    void aRedetectionAfterAnOrphaningIsTheOneThatPosts() {
        ledger.book(j -> j.detected(detected("12.00", 1), cause()));
        ledger.book(j -> j.withdrawn(payment, merchant, Mode.LIVE, usdt("12.00"), cause()));
        ledger.book(j -> j.detected(detected("12.00", 2), cause()));
        ledger.book(j -> j.confirmed(confirmed("12.00"), cause()));

        assertThat(ledger.transfers).extracting(Transfer::id).containsExactly(
                "pay:" + payment + ":1", "pay:" + payment + ":1:void", "pay:" + payment + ":2",
                "pay:" + payment + ":2:post");
        assertThat(ledger.balance(merchantPending())).isEqualTo(balance(merchantPending(), 0, 0, 0, 12_000_000));
    }

    @Test
    void aFailureAfterAnOrphaningChangesNothing() {
        ledger.book(j -> j.detected(detected("1.00", 1), cause()));
        ledger.book(j -> j.withdrawn(payment, merchant, Mode.LIVE, usdt("1.00"), cause()));
        ledger.book(j -> j.withdrawn(payment, merchant, Mode.LIVE, usdt("1.00"), cause()));

        assertThat(ledger.transferIds()).hasSize(2);
        assertThat(ledger.balance(merchantPending())).isEqualTo(balance(merchantPending(), 0, 0, 0, 0));
    }

    @Test
    void aZeroValueTransferBooksNothing() {
        ledger.book(j -> {
            j.detected(detected("0", 1), cause());
            j.confirmed(confirmed("0"), cause());
        });
        assertThat(ledger.transfers).isEmpty();
    }

    @Test
    void aConfirmationWithoutDetectionIsAViolation() {
        assertThatThrownBy(() -> ledger.book(j -> j.confirmed(confirmed("9.99"), cause())))
                .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("never detected");
    }

    @Test
    void aFailureAfterConfirmationIsAViolation() {
        ledger.book(j -> j.detected(detected("9.99", 1), cause()));
        ledger.book(j -> j.confirmed(confirmed("9.99"), cause()));
        assertThatThrownBy(() -> ledger.book(j -> j.withdrawn(payment, merchant, Mode.LIVE, usdt("9.99"), cause())))
                .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("already POSTED");
    }

    @Test
    void aConfirmationOfAVoidedDetectionIsAViolation() {
        ledger.book(j -> j.detected(detected("9.99", 1), cause()));
        ledger.book(j -> j.withdrawn(payment, merchant, Mode.LIVE, usdt("9.99"), cause()));
        assertThatThrownBy(() -> ledger.book(j -> j.confirmed(confirmed("9.99"), cause())))
                .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("already VOIDED");
    }

    @Test
    void aSecondDetectionWhileTheFirstIsPendingIsAViolation() {
        ledger.book(j -> j.detected(detected("9.99", 1), cause()));
        assertThatThrownBy(() -> ledger.book(j -> j.detected(detected("9.99", 2), cause())))
                .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("still pending");
    }

    @Test
    void aConfirmationThatDisagreesWithTheDetectionIsAViolation() {
        ledger.book(j -> j.detected(detected("9.99", 1), cause()));
        assertThatThrownBy(() -> ledger.book(j -> j.confirmed(confirmed("9.98"), cause())))
                .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("reserved 9990000");
        PaymentConfirmed toAnother = new PaymentConfirmed(payment, invoice, TestEvents.merchantId(), usdt("9.99"),
                                                          "0xb", 1, at);
        assertThatThrownBy(() -> ledger.book(j -> j.confirmed(toAnother, cause())))
                .isInstanceOf(LedgerInvariantViolation.class);
    }

    @Test
    void settlingMoreThanTheConfirmedPendingBalanceIsAViolation() {
        ledger.book(j -> j.detected(detected("5.00", 1), cause()));
        ledger.book(j -> j.confirmed(confirmed("5.00"), cause()));
        assertThatThrownBy(() -> ledger.book(j -> j.settled(completed("9.99", "0.10", "9.89"), cause())))
                .isInstanceOf(LedgerInvariantViolation.class)
                .hasMessageContaining("merchant-pending:USDT:" + merchant)
                .hasMessageContaining("below zero");
    }

    @Test
    void settlingAnUnconfirmedPaymentIsAViolation() {
        ledger.book(j -> j.detected(detected("9.99", 1), cause()));
        assertThatThrownBy(() -> ledger.book(j -> j.settled(completed("9.99", "0.10", "9.89"), cause())))
                .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("below zero");
    }

    @Test
    void aSettlementWhoseSplitDoesNotAddUpIsAViolation() {
        assertThatThrownBy(() -> ledger.book(j -> j.settled(completed("9.99", "0.10", "9.90"), cause())))
                .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("does not split");
    }

    @Test
    void resolvingAnAmountThatIsNotPendingIsAViolation() {
        LedgerAccount clearing = clearing();
        LedgerAccount pendingAccount = merchantPending();
        Transfer post = new Transfer("x:post", clearing.id(), pendingAccount.id(), Asset.USDT, 5, TransferStatus.POSTED,
                                     "x", "x", "e", "E", at);
        Map<String, AccountBalance> empty = Map.of(clearing.id(), AccountBalance.opened(clearing),
                                                   pendingAccount.id(), AccountBalance.opened(pendingAccount));
        assertThatThrownBy(() -> Postings.apply(empty, List.of(post)))
                .isInstanceOf(LedgerInvariantViolation.class).hasMessageContaining("negative total");
    }

    @Test
    void creditingADebitNormalAccountBeyondItsDebitsIsAViolation() {
        LedgerAccount clearing = clearing();
        LedgerAccount revenue = LedgerAccount.platformFeeRevenue(Asset.USDT);
        Transfer backwards = new Transfer("t", revenue.id(), clearing.id(), Asset.USDT, 1, TransferStatus.POSTED,
                                          null, "s", "e", "E", at);
        Map<String, AccountBalance> funded = Map.of(clearing.id(), AccountBalance.opened(clearing),
                                                    revenue.id(), new AccountBalance(revenue, 0, 0, 0, 1));
        assertThatThrownBy(() -> Postings.apply(funded, List.of(backwards)))
                .isInstanceOf(LedgerInvariantViolation.class)
                .hasMessageContaining("customer-clearing:USDT would go below zero");
    }

    @Test
    void accountIdsNameWhatTheAccountIs() {
        assertThat(LedgerAccount.customerClearing(Asset.USDT).id()).isEqualTo("customer-clearing:USDT");
        assertThat(LedgerAccount.platformFeeRevenue(Asset.USDT).id()).isEqualTo("platform-fee-revenue:USDT");
        assertThat(merchantPending().id()).isEqualTo("merchant-pending:USDT:" + merchant);
        assertThat(merchantAvailable().id()).isEqualTo("merchant-available:USDT:" + merchant);
        assertThatThrownBy(() -> new LedgerAccount("merchant-pending:USDT:mer_other123", AccountKind.MERCHANT_PENDING,
                                                   merchant, Asset.USDT, Mode.LIVE))
                .isInstanceOf(IllegalArgumentException.class);
        // Test money is in books of its own.
        assertThat(LedgerAccount.merchantPending(merchant, Asset.USDT, Mode.TEST).id())
                .isEqualTo("test:merchant-pending:USDT:" + merchant);
        assertThatThrownBy(() -> new LedgerAccount("merchant-pending:USDT:" + merchant, AccountKind.MERCHANT_PENDING,
                                                   merchant, Asset.USDT, Mode.TEST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ helpers

    private PaymentDetected detected(String amount, int detection) {
        return new PaymentDetected(payment, invoice, merchant, Chain.TRON, "ab".repeat(32), 0, "from", "to",
                                   usdt(amount), 1, detection, at, null);
    }

    private PaymentConfirmed confirmed(String amount) {
        return new PaymentConfirmed(payment, invoice, merchant, usdt(amount), "0xb", 1, at);
    }

    private SettlementCompleted completed(String gross, String fee, String net) {
        return new SettlementCompleted(settlement, invoice, merchant, usdt(gross), usdt(fee), usdt(net), at);
    }

    private LedgerJournal.Cause cause() {
        return new LedgerJournal.Cause(UUID.randomUUID().toString(), "Test", at);
    }

    private LedgerAccount clearing() {
        return LedgerAccount.customerClearing(Asset.USDT);
    }

    private LedgerAccount merchantPending() {
        return LedgerAccount.merchantPending(merchant, Asset.USDT);
    }

    private LedgerAccount merchantAvailable() {
        return LedgerAccount.merchantAvailable(merchant, Asset.USDT);
    }

    private static AccountBalance balance(LedgerAccount account, long dp, long cp, long dpo, long cpo) {
        return new AccountBalance(account, dp, cp, dpo, cpo);
    }

    /** What LedgerBatch does against the database, in memory: commit a journal or nothing. */
    private static final class InMemoryLedger {
        final List<Transfer> transfers = new ArrayList<>();
        Map<String, AccountBalance> balances = new HashMap<>();

        void book(Consumer<LedgerJournal> events) {
            LedgerJournal journal = new LedgerJournal(ids -> {
                Map<String, List<Transfer>> found = new HashMap<>();
                transfers.stream().filter(t -> ids.contains(t.sourceId()))
                         .forEach(t -> found.computeIfAbsent(t.sourceId(), k -> new ArrayList<>()).add(t));
                return found;
            });
            events.accept(journal);
            Map<String, AccountBalance> before = new HashMap<>(balances);
            journal.accounts().forEach(a -> before.putIfAbsent(a.id(), AccountBalance.opened(a)));
            Map<String, AccountBalance> after = Postings.apply(before, journal.added());
            long[] sums = new long[4];
            after.values().forEach(b -> {
                sums[0] += b.debitsPending();
                sums[1] += b.creditsPending();
                sums[2] += b.debitsPosted();
                sums[3] += b.creditsPosted();
            });
            assertThat(sums[0]).as("pending debits = pending credits").isEqualTo(sums[1]);
            assertThat(sums[2]).as("posted debits = posted credits").isEqualTo(sums[3]);
            balances = after;
            transfers.addAll(journal.added());
        }

        AccountBalance balance(LedgerAccount account) {
            return balances.getOrDefault(account.id(), AccountBalance.opened(account));
        }

        List<String> transferIds() {
            return transfers.stream().map(Transfer::id).toList();
        }
    }
}
