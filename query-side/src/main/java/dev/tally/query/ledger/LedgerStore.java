package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger's tables, in plain SQL: a batch of events costs a fixed handful of statements, and accounts are locked
 * in id order so that processor segments sharing an account (customer clearing, platform revenue) never deadlock.
 */
@Repository
class LedgerStore {
    private static final String ACCOUNT_COLUMNS =
            "id, kind, merchant_id, asset, mode, debits_pending, credits_pending, debits_posted, credits_posted";
    private static final String TRANSFER_COLUMNS = "id, debit_account, credit_account, asset, amount, status, "
            + "pending_id, source_id, cause_event_id, cause_event_type, created_at";

    private final JdbcTemplate jdbc;

    LedgerStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, List<Transfer>> transfersOf(Collection<String> sourceIds) {
        Map<String, List<Transfer>> bySource = new HashMap<>();
        jdbc.query("SELECT " + TRANSFER_COLUMNS + " FROM query.ledger_transfers WHERE source_id = ANY (?)",
                   ps -> ps.setArray(1, varchars(ps.getConnection(), sourceIds)),
                   (ResultSet rs) -> {
                       Transfer transfer = transfer(rs);
                       bySource.computeIfAbsent(transfer.sourceId(), k -> new ArrayList<>()).add(transfer);
                   });
        return bySource;
    }

    /** Creates the accounts that do not exist yet, with zero totals (another segment may be creating them too). */
    void open(Collection<LedgerAccount> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        List<LedgerAccount> sorted = accounts.stream().sorted(Comparator.comparing(LedgerAccount::id)).toList();
        jdbc.batchUpdate("INSERT INTO query.ledger_accounts (id, kind, merchant_id, asset, mode) "
                         + "VALUES (?, ?, ?, ?, ?) "
                         + "ON CONFLICT DO NOTHING",
                         sorted, sorted.size(), (ps, account) -> {
                             ps.setString(1, account.id());
                             ps.setString(2, account.kind().name());
                             ps.setString(3, account.merchantId() == null ? null : account.merchantId().value());
                             ps.setString(4, account.asset().name());
                             ps.setString(5, account.mode().name());
                         });
    }

    /** Reads and locks the accounts, in id order, until the transaction ends. */
    Map<String, AccountBalance> lock(Collection<String> accountIds) {
        Map<String, AccountBalance> balances = new LinkedHashMap<>();
        jdbc.query("SELECT " + ACCOUNT_COLUMNS + " FROM query.ledger_accounts WHERE id = ANY (?) ORDER BY id FOR UPDATE",
                   ps -> ps.setArray(1, varchars(ps.getConnection(), accountIds)),
                   (ResultSet rs) -> {
                       AccountBalance balance = ACCOUNT.mapRow(rs, 0);
                       balances.put(balance.account().id(), balance);
                   });
        return balances;
    }

    void insert(List<Transfer> transfers) {
        if (transfers.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO query.ledger_transfers (" + TRANSFER_COLUMNS + ") "
                         + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         transfers, transfers.size(), (ps, t) -> {
                             ps.setString(1, t.id());
                             ps.setString(2, t.debitAccount());
                             ps.setString(3, t.creditAccount());
                             ps.setString(4, t.asset().name());
                             ps.setLong(5, t.amount());
                             ps.setString(6, t.status().name());
                             ps.setString(7, t.pendingId());
                             ps.setString(8, t.sourceId());
                             ps.setString(9, t.causeEventId());
                             ps.setString(10, t.causeEventType());
                             ps.setTimestamp(11, Timestamp.from(t.createdAt()));
                         });
    }

    void update(Collection<AccountBalance> balances) {
        if (balances.isEmpty()) {
            return;
        }
        List<AccountBalance> sorted = balances.stream().sorted(Comparator.comparing(b -> b.account().id())).toList();
        jdbc.batchUpdate("UPDATE query.ledger_accounts SET debits_pending = ?, credits_pending = ?, "
                         + "debits_posted = ?, credits_posted = ? WHERE id = ?",
                         sorted, sorted.size(), (ps, b) -> {
                             ps.setLong(1, b.debitsPending());
                             ps.setLong(2, b.creditsPending());
                             ps.setLong(3, b.debitsPosted());
                             ps.setLong(4, b.creditsPosted());
                             ps.setString(5, b.account().id());
                         });
    }

    List<AccountBalance> accountsOf(MerchantId merchantId, Mode mode) {
        return jdbc.query("SELECT " + ACCOUNT_COLUMNS + " FROM query.ledger_accounts WHERE merchant_id = ? "
                          + "AND mode = ? ORDER BY id", ACCOUNT, merchantId.value(), mode.name());
    }

    List<AccountBalance> allAccounts() {
        return jdbc.query("SELECT " + ACCOUNT_COLUMNS + " FROM query.ledger_accounts ORDER BY id", ACCOUNT);
    }

    /** Empties the ledger for a rebuild. */
    void clear() {
        jdbc.update("DELETE FROM query.ledger_transfers");
        jdbc.update("DELETE FROM query.ledger_accounts");
        jdbc.update("DELETE FROM query.ledger_reversed_settlements");
        jdbc.update("DELETE FROM query.unapplied_fund_refunds");
        jdbc.update("DELETE FROM query.unapplied_funds");
    }

    /** One more entry of the unapplied-funds report; an event handled twice writes it once. */
    void recordUnapplied(String causeEventId, InvoicePaymentUnapplied event) {
        jdbc.update("INSERT INTO query.unapplied_funds (cause_event_id, payment_id, invoice_id, merchant_id, asset, "
                    + "amount, reason, unapplied_at, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    causeEventId, event.paymentId().value(), event.invoiceId().value(), event.merchantId().value(),
                    event.amount().asset().code(), event.amount().baseUnits(), event.reason().name(),
                    Timestamp.from(event.at()), event.mode().name());
    }

    /** A reorg took unapplied money away again. */
    void recordUnappliedReversed(InvoicePaymentReversed event) {
        jdbc.update("UPDATE query.unapplied_funds SET reversed_at = ? WHERE payment_id = ? AND reversed_at IS NULL",
                    Timestamp.from(event.at()), event.paymentId().value());
    }

    /**
     * A confirmed refund gave back {@code unappliedShare} of its invoice's unapplied funds: spread over the invoice's
     * standing entries, oldest first, each up to what is left of it. A refund handled twice is spread once.
     */
    void recordUnappliedRefunded(String refundId, String invoiceId, TokenAmount unappliedShare, Instant at) {
        Integer done = jdbc.queryForObject("SELECT count(*) FROM query.unapplied_fund_refunds WHERE refund_id = ?",
                                           Integer.class, refundId);
        if (done != null && done > 0) {
            return;
        }
        record Entry(String causeEventId, long left) {
        }
        List<Entry> standing = jdbc.query(
                "SELECT u.cause_event_id, u.amount - coalesce(sum(r.amount), 0) AS left_over "
                + "FROM query.unapplied_funds u LEFT JOIN query.unapplied_fund_refunds r "
                + "ON r.cause_event_id = u.cause_event_id WHERE u.invoice_id = ? AND u.reversed_at IS NULL "
                + "GROUP BY u.cause_event_id, u.amount, u.unapplied_at, u.payment_id "
                + "ORDER BY u.unapplied_at, u.payment_id, u.cause_event_id",
                (rs, i) -> new Entry(rs.getString(1), rs.getLong(2)), invoiceId);
        long toSpread = unappliedShare.baseUnits();
        for (Entry entry : standing) {
            long share = Math.min(entry.left(), toSpread);
            if (share <= 0) {
                continue;
            }
            jdbc.update("INSERT INTO query.unapplied_fund_refunds (cause_event_id, refund_id, amount, refunded_at) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        entry.causeEventId(), refundId, share, Timestamp.from(at));
            toSpread -= share;
        }
    }

    List<UnappliedFund> unappliedFunds(ListUnappliedFunds query) {
        return jdbc.query("SELECT u.unapplied_at, u.invoice_id, u.payment_id, u.asset, u.amount, u.reason, "
                          + "u.reversed_at, coalesce(sum(r.amount), 0) AS refunded, max(r.refunded_at) AS refunded_at "
                          + "FROM query.unapplied_funds u LEFT JOIN query.unapplied_fund_refunds r "
                          + "ON r.cause_event_id = u.cause_event_id "
                          + "WHERE u.merchant_id = ? AND u.mode = ? AND u.unapplied_at >= ? AND u.unapplied_at < ? "
                          + "GROUP BY u.cause_event_id ORDER BY u.unapplied_at, u.payment_id",
                          (rs, i) -> {
                              Asset asset = Asset.fromCode(rs.getString("asset")).orElseThrow();
                              Timestamp reversed = rs.getTimestamp("reversed_at");
                              Timestamp refundedAt = rs.getTimestamp("refunded_at");
                              return new UnappliedFund(rs.getTimestamp("unapplied_at").toInstant(),
                                      rs.getString("invoice_id"), rs.getString("payment_id"), asset,
                                      TokenAmount.ofBaseUnits(asset, rs.getLong("amount")).toDecimalString(),
                                      rs.getString("reason"), reversed == null ? null : reversed.toInstant(),
                                      TokenAmount.ofBaseUnits(asset, rs.getLong("refunded")).toDecimalString(),
                                      refundedAt == null ? null : refundedAt.toInstant());
                          },
                          query.merchantId().value(), query.mode().name(),
                          Timestamp.from(query.from().atStartOfDay(java.time.ZoneOffset.UTC).toInstant()),
                          Timestamp.from(query.to().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
    }

    /** Whether the invoice of this settlement took its money back. */
    boolean isSettlementReversed(String settlementId) {
        Integer found = jdbc.queryForObject("SELECT count(*) FROM query.ledger_reversed_settlements "
                                            + "WHERE settlement_id = ?", Integer.class, settlementId);
        return found != null && found > 0;
    }

    void markSettlementsReversed(Map<String, Instant> reversed) {
        reversed.forEach((id, at) -> jdbc.update("INSERT INTO query.ledger_reversed_settlements (settlement_id, "
                                                 + "reversed_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                                                 id, Timestamp.from(at)));
    }

    private static final RowMapper<AccountBalance> ACCOUNT = (rs, i) -> {
        AccountKind kind = AccountKind.valueOf(rs.getString("kind"));
        String merchantId = rs.getString("merchant_id");
        LedgerAccount account = new LedgerAccount(rs.getString("id"), kind,
                                                  merchantId == null ? null : MerchantId.of(merchantId),
                                                  Asset.valueOf(rs.getString("asset")),
                                                  Mode.valueOf(rs.getString("mode")));
        return new AccountBalance(account, rs.getLong("debits_pending"), rs.getLong("credits_pending"),
                                  rs.getLong("debits_posted"), rs.getLong("credits_posted"));
    };

    private static Transfer transfer(ResultSet rs) throws SQLException {
        return new Transfer(rs.getString("id"), rs.getString("debit_account"), rs.getString("credit_account"),
                            Asset.valueOf(rs.getString("asset")), rs.getLong("amount"),
                            TransferStatus.valueOf(rs.getString("status")), rs.getString("pending_id"),
                            rs.getString("source_id"), rs.getString("cause_event_id"),
                            rs.getString("cause_event_type"), rs.getTimestamp("created_at").toInstant());
    }

    private static Array varchars(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("varchar", values.toArray());
    }
}
