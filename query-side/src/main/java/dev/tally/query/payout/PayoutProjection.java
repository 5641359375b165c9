package dev.tally.query.payout;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.funds.FundsBalance;
import dev.tally.kernel.funds.FundsCreditFinal;
import dev.tally.kernel.funds.FundsCreditReversed;
import dev.tally.kernel.funds.FundsCredited;
import dev.tally.kernel.funds.PayoutAddressChanged;
import dev.tally.kernel.funds.PayoutReservationPosted;
import dev.tally.kernel.funds.PayoutReservationReleased;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.funds.PayoutScheduleKind;
import dev.tally.kernel.funds.PayoutScheduleSet;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payout.PayoutAddressView;
import dev.tally.kernel.payout.PayoutBroadcast;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.payout.PayoutStatus;
import dev.tally.kernel.payout.PayoutView;
import dev.tally.kernel.refund.RefundReservationPosted;
import dev.tally.kernel.refund.RefundReservationReleased;
import dev.tally.kernel.refund.RefundReserved;
import dev.tally.platform.axon.ReadModel;
import dev.tally.query.KeysetCursor;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Payouts, payout addresses and the balances money out decides against, as merchants read them. Every row is taken
 * from the events, which carry the status and the balance they lead to: nothing here re-derives a rule. Sequenced by
 * merchant ({@link PayoutProcessingConfiguration}): a payout's reservation (its merchant's funds) is always written
 * before its outcome (the payout itself).
 */
@Component
@ReadModel
@ProcessingGroup(PayoutProjection.GROUP)
public class PayoutProjection {
    public static final String GROUP = "payout-views";

    private static final String COLUMNS = "payout_id, merchant_id, mode, chain, asset, amount_base_units, destination, "
                                          + "status, tx_hash, block_number, failure_reason, created_at, updated_at, "
                                          + "trigger, network_fee_coin, network_fee, network_fee_charged_base_units";
    private static final String OPEN = "status NOT IN ('CONFIRMED', 'FAILED')";

    private final JdbcClient jdbc;

    public PayoutProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PayoutReserved event) {
        jdbc.sql("INSERT INTO query.payouts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, "
                 + "NULL, NULL, ?) ON CONFLICT (payout_id) DO NOTHING")
            .params(event.payoutId().value(), event.merchantId().value(), event.mode().name(), event.chain().code(),
                    event.amount().asset().name(), event.amount().baseUnits(), event.destination(),
                    PayoutStatus.PENDING.name(), timestamp(event.at()), timestamp(event.at()), event.trigger().name(),
                    event.networkFeeCharged().baseUnits())
            .update();
        balance(event.merchantId(), event.mode(), event.balance(), event.at());
    }

    @EventHandler
    void on(PayoutBroadcast event) {
        // Broadcast, or a stuck transaction replaced by one with the same nonce (broadcast again, its hash shown).
        jdbc.sql("UPDATE query.payouts SET status = ?, tx_hash = ?, updated_at = ? WHERE payout_id = ? "
                 + "AND status IN (?, ?)")
            .params(event.status().name(), event.txHash(), timestamp(event.at()), event.payoutId().value(),
                    PayoutStatus.PENDING.name(), PayoutStatus.BROADCAST.name())
            .update();
    }

    @EventHandler
    void on(PayoutConfirmed event) {
        jdbc.sql("UPDATE query.payouts SET status = ?, tx_hash = ?, block_number = ?, updated_at = ?, "
                 + "network_fee_coin = ?, network_fee = ? WHERE payout_id = ? AND " + OPEN)
            .params(event.status().name(), event.txHash(), event.blockNumber(), timestamp(event.at()),
                    coin(event.networkFee()), amount(event.networkFee()), event.payoutId().value())
            .update();
    }

    @EventHandler
    void on(PayoutFailed event) {
        jdbc.sql("UPDATE query.payouts SET status = ?, failure_reason = ?, updated_at = ?, network_fee_coin = ?, "
                 + "network_fee = ? WHERE payout_id = ? AND " + OPEN)
            .params(event.status().name(), event.reason(), timestamp(event.at()), coin(event.networkFee()),
                    amount(event.networkFee()), event.payoutId().value())
            .update();
    }

    private static String coin(NetworkFee fee) {
        return fee == null ? null : fee.coin();
    }

    private static String amount(NetworkFee fee) {
        return fee == null ? null : fee.amount();
    }

    @EventHandler
    void on(PayoutAddressChanged event) {
        jdbc.sql("""
                INSERT INTO query.payout_addresses
                    (merchant_id, mode, chain, address, previous, requested_at, effective_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (merchant_id, mode, chain) DO UPDATE SET address = excluded.address,
                    previous = excluded.previous, requested_at = excluded.requested_at,
                    effective_at = excluded.effective_at""")
            .params(event.merchantId().value(), event.mode().name(), event.chain().code(), event.address(),
                    event.previous(), timestamp(event.requestedAt()), timestamp(event.effectiveAt()))
            .update();
    }

    @EventHandler
    void on(PayoutScheduleSet event) {
        jdbc.sql("""
                INSERT INTO query.payout_schedules (merchant_id, mode, chain, kind, amount, next_run_at, set_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (merchant_id, mode) DO UPDATE SET chain = excluded.chain, kind = excluded.kind,
                    amount = excluded.amount, next_run_at = excluded.next_run_at, set_at = excluded.set_at""")
            .params(event.merchantId().value(), event.mode().name(), event.chain().code(), event.kind().name(),
                    event.amount() == null ? null : event.amount().toDecimalString(), timestamp(event.nextRunAt()),
                    timestamp(event.at()))
            .update();
    }

    @EventHandler
    void on(FundsCredited event) {
        balance(event.merchantId(), event.mode(), event.balance(), event.at());
    }

    @EventHandler
    void on(FundsCreditFinal event) {
        balance(event.merchantId(), event.mode(), event.balance(), event.at());
    }

    @EventHandler
    void on(FundsCreditReversed event) {
        balance(event.merchantId(), event.mode(), event.balance(), event.at());
    }

    @EventHandler
    void on(PayoutReservationPosted event) {
        balance(event.merchantId(), event.mode(), event.balance(), event.at());
    }

    @EventHandler
    void on(PayoutReservationReleased event) {
        balance(event.merchantId(), event.mode(), event.balance(), event.at());
    }

    @EventHandler
    void on(RefundReserved event) {
        balance(event.request().merchantId(), event.request().mode(), event.balance(), event.request().at());
    }

    @EventHandler
    void on(RefundReservationPosted event) {
        balance(event.merchantId(), event.mode(), event.balance(), event.at());
    }

    @EventHandler
    void on(RefundReservationReleased event) {
        balance(event.merchantId(), event.mode(), event.balance(), event.at());
    }

    private void balance(MerchantId merchant, Mode mode, FundsBalance balance, Instant at) {
        jdbc.sql("""
                INSERT INTO query.funds_balances (merchant_id, mode, asset, pending_base_units, available_base_units,
                    reserved_base_units, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (merchant_id, mode, asset) DO UPDATE SET pending_base_units = excluded.pending_base_units,
                    available_base_units = excluded.available_base_units,
                    reserved_base_units = excluded.reserved_base_units, updated_at = excluded.updated_at""")
            .params(merchant.value(), mode.name(), balance.asset().name(), balance.pending().baseUnits(),
                    balance.available().baseUnits(), balance.reserved().baseUnits(), timestamp(at))
            .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.payouts").update();
        jdbc.sql("DELETE FROM query.payout_addresses").update();
        jdbc.sql("DELETE FROM query.funds_balances").update();
        jdbc.sql("DELETE FROM query.payout_schedules").update();
    }

    @QueryHandler
    public Optional<PayoutView> handle(FindPayout query) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM query.payouts "
                        + "WHERE payout_id = ? AND merchant_id = ? AND mode = ?")
                   .params(query.payoutId().value(), query.merchantId().value(), query.mode().name())
                   .query(PAYOUT).optional();
    }

    @QueryHandler
    public PayoutPage handle(ListPayouts query) {
        if (query.limit() < 1 || query.limit() > ListPayouts.LIMIT_MAX) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "limit must be from 1 to " + ListPayouts.LIMIT_MAX);
        }
        Optional<KeysetCursor> after = Optional.empty();
        if (query.cursor() != null) {
            after = Optional.of(KeysetCursor.decode(query.cursor()).orElseThrow(
                    () -> new DomainException(ErrorCode.INVALID_REQUEST, "cursor is not valid")));
        }
        List<Object> params = new ArrayList<>(List.of(query.merchantId().value(), query.mode().name()));
        String where = "merchant_id = ? AND mode = ?";
        if (after.isPresent()) {
            where += " AND (created_at, payout_id) < (?, ?)";
            params.add(timestamp(after.get().createdAt()));
            params.add(after.get().id());
        }
        params.add(query.limit() + 1);
        List<PayoutView> rows = jdbc.sql("SELECT " + COLUMNS + " FROM query.payouts WHERE " + where
                                         + " ORDER BY created_at DESC, payout_id DESC LIMIT ?")
                                    .params(params).query(PAYOUT).list();
        List<PayoutView> items = rows.stream().limit(query.limit()).toList();
        String next = null;
        if (rows.size() > query.limit()) {
            PayoutView last = items.get(items.size() - 1);
            next = new KeysetCursor(last.createdAt(), last.id()).encode();
        }
        List<FundsBalanceView> balances = jdbc.sql("""
                SELECT asset, pending_base_units, available_base_units, reserved_base_units FROM query.funds_balances
                WHERE merchant_id = ? AND mode = ? ORDER BY asset""")
                                              .params(query.merchantId().value(), query.mode().name())
                                              .query((rs, n) -> {
                                                  Asset asset = Asset.valueOf(rs.getString(1));
                                                  return new FundsBalanceView(asset, decimal(asset, rs.getLong(2)),
                                                                              decimal(asset, rs.getLong(3)),
                                                                              decimal(asset, rs.getLong(4)));
                                              }).list();
        PayoutScheduleView schedule = jdbc.sql("""
                SELECT chain, kind, amount, next_run_at FROM query.payout_schedules WHERE merchant_id = ? AND mode = ?""")
                                          .params(query.merchantId().value(), query.mode().name())
                                          .query((rs, n) -> new PayoutScheduleView(
                                                  rs.getString(1), PayoutScheduleKind.valueOf(rs.getString(2)),
                                                  rs.getString(3), instant(rs.getTimestamp(4))))
                                          .optional()
                                          .orElse(PayoutScheduleView.MANUAL);
        return new PayoutPage(balances, schedule, items, next);
    }

    @QueryHandler
    public List<PayoutAddressView> handle(ListPayoutAddresses query) {
        return jdbc.sql("""
                SELECT chain, address, previous, requested_at, effective_at, mode FROM query.payout_addresses
                WHERE merchant_id = ? AND mode = ? ORDER BY chain""")
                   .params(query.merchantId().value(), query.mode().name())
                   .query((rs, n) -> new PayoutAddressView(rs.getString(1), rs.getString(2), rs.getString(3),
                                                           instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)),
                                                           Mode.valueOf(rs.getString(6)).live()))
                   .list();
    }

    private static final RowMapper<PayoutView> PAYOUT = PayoutProjection::payout;

    private static PayoutView payout(ResultSet rs, int row) throws SQLException {
        Asset asset = Asset.valueOf(rs.getString("asset"));
        Long block = rs.getObject("block_number", Long.class);
        return new PayoutView(rs.getString("payout_id"), Chain.fromCode(rs.getString("chain")).orElseThrow().code(),
                              asset, decimal(asset, rs.getLong("amount_base_units")), rs.getString("destination"),
                              PayoutStatus.valueOf(rs.getString("status")), rs.getString("tx_hash"),
                              block, rs.getString("failure_reason"),
                              instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")),
                              Mode.valueOf(rs.getString("mode")).live(),
                              PayoutTrigger.valueOf(rs.getString("trigger")),
                              rs.getString("network_fee") == null ? null
                                      : new NetworkFee(rs.getString("network_fee_coin"), rs.getString("network_fee")),
                              decimal(asset, rs.getLong("network_fee_charged_base_units")));
    }

    private static String decimal(Asset asset, long baseUnits) {
        return TokenAmount.ofBaseUnits(asset, baseUnits).toDecimalString();
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at.truncatedTo(ChronoUnit.MICROS));
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
