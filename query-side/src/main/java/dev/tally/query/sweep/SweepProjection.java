package dev.tally.query.sweep;

import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.sweep.SweepEvent;
import dev.tally.kernel.sweep.SweepState;
import dev.tally.kernel.sweep.SweepStatus;
import dev.tally.platform.axon.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
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
 * Sweeps as the operator reads them: each row is its sweep's last event, copied (every sweep event carries the whole
 * sweep), so nothing here re-derives a status.
 */
@Component
@ReadModel
@ProcessingGroup(SweepProjection.GROUP)
public class SweepProjection {
    public static final String GROUP = "sweep-views";

    private static final String COLUMNS = "sweep_id, chain, deposit_address, asset, amount_base_units, status, "
                                          + "tx_hash, block_number, network_fee_coin, network_fee, top_up_fee, "
                                          + "failure_reason, requested_at, updated_at, mode";

    private final JdbcClient jdbc;

    public SweepProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SweepEvent event) {
        SweepState sweep = event.sweep();
        NetworkFee fee = sweep.networkFee();
        NetworkFee topUp = sweep.topUpFee();
        jdbc.sql("INSERT INTO query.sweeps (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 + "ON CONFLICT (sweep_id) DO UPDATE SET status = EXCLUDED.status, tx_hash = EXCLUDED.tx_hash, "
                 + "block_number = EXCLUDED.block_number, network_fee_coin = EXCLUDED.network_fee_coin, "
                 + "network_fee = EXCLUDED.network_fee, top_up_fee = EXCLUDED.top_up_fee, "
                 + "failure_reason = EXCLUDED.failure_reason, updated_at = EXCLUDED.updated_at "
                 + "WHERE query.sweeps.updated_at <= EXCLUDED.updated_at") // an older step seen again changes nothing
            .params(sweep.sweepId().value(), sweep.chain().code(), sweep.depositAddress(),
                    sweep.amount().asset().name(), sweep.amount().baseUnits(), sweep.status().name(),
                    sweep.txHash(), sweep.blockNumber(), fee != null ? fee.coin() : topUp != null ? topUp.coin() : null,
                    fee == null ? null : fee.amount(), topUp == null ? null : topUp.amount(), sweep.failureReason(),
                    timestamp(sweep.requestedAt()), timestamp(sweep.updatedAt()), sweep.mode().code())
            .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.sweeps").update();
    }

    @QueryHandler
    public Optional<SweepView> handle(FindSweep query) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM query.sweeps WHERE sweep_id = ?")
                   .param(query.sweepId().value()).query(SweepProjection::sweep).optional();
    }

    @QueryHandler
    public List<SweepView> handle(ListSweeps query) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (query.status() != null) {
            conditions.add("status = ?");
            params.add(query.status().name());
        }
        if (query.mode() != null) {
            conditions.add("mode = ?");
            params.add(query.mode().code());
        }
        params.add(query.limit());
        String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions) + " ";
        return jdbc.sql("SELECT " + COLUMNS + " FROM query.sweeps " + where
                        + "ORDER BY requested_at DESC, sweep_id DESC LIMIT ?")
                   .params(params).query(SweepProjection::sweep).list();
    }

    private static SweepView sweep(ResultSet rs, int row) throws SQLException {
        Asset asset = Asset.valueOf(rs.getString("asset"));
        String coin = rs.getString("network_fee_coin");
        return new SweepView(SweepId.of(rs.getString("sweep_id")).value(), rs.getString("chain"),
                             rs.getString("deposit_address"), asset,
                             TokenAmount.ofBaseUnits(asset, rs.getLong("amount_base_units")).toDecimalString(),
                             SweepStatus.valueOf(rs.getString("status")), rs.getString("tx_hash"),
                             rs.getObject("block_number", Long.class),
                             fee(coin, rs.getString("network_fee")), fee(coin, rs.getString("top_up_fee")),
                             rs.getString("failure_reason"), rs.getTimestamp("requested_at").toInstant(),
                             rs.getTimestamp("updated_at").toInstant(),
                             Mode.fromCode(rs.getString("mode")).orElseThrow());
    }

    private static NetworkFee fee(String coin, String amount) {
        return amount == null ? null : new NetworkFee(coin, amount);
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at.truncatedTo(ChronoUnit.MICROS));
    }
}
