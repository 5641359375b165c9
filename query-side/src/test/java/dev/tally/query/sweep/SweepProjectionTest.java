package dev.tally.query.sweep;

import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.sweep.SweepBroadcast;
import dev.tally.kernel.sweep.SweepConfirmed;
import dev.tally.kernel.sweep.SweepRequested;
import dev.tally.kernel.sweep.SweepState;
import dev.tally.kernel.sweep.SweepStatus;
import dev.tally.query.QuerySideTestBase;
import dev.tally.query.TestEvents;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tally.query.TestEvents.usdt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sweeps as their latest step left them, for the operator. */
class SweepProjectionTest extends QuerySideTestBase {
    private static final String DEPOSIT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    @Autowired
    QueryGateway queries;

    final Instant t0 = Instant.parse("2026-12-07T10:00:00.123456Z");

    @Test
    void aSweepIsShownAsItsLatestStepLeftItWithItsFees() {
        SweepId confirmedId = SweepId.of("sw_" + TestEvents.invoiceId().value().substring(4));
        SweepId requestedId = SweepId.of("sw_" + TestEvents.invoiceId().value().substring(4));
        SweepState requested = SweepState.requested(confirmedId, Chain.ETHEREUM, DEPOSIT, 7, usdt("120.50"), t0);
        SweepState broadcast = requested.broadcast("0xab12", t0.plusSeconds(2));
        NetworkFee fee = new NetworkFee("ETH", "0.000041234");
        NetworkFee topUp = new NetworkFee("ETH", "0.000021");
        SweepState confirmed = broadcast.confirmed(42, fee, topUp, t0.plusSeconds(30));
        events.publish("Sweep", confirmedId, new SweepRequested(requested));
        events.publish("Sweep", confirmedId, new SweepBroadcast(broadcast));
        events.publish("Sweep", confirmedId, new SweepConfirmed(confirmed));
        events.publish("Sweep", requestedId, new SweepRequested(
                SweepState.requested(requestedId, Chain.ETHEREUM, DEPOSIT, 8, usdt("3"), Mode.TEST,
                                     t0.plusSeconds(60))));

        SweepView shown = await().atMost(PATIENCE).until(
                () -> find(confirmedId), view -> view.isPresent() && view.get().status() == SweepStatus.CONFIRMED)
                .orElseThrow();
        assertThat(shown).isEqualTo(new SweepView(confirmedId.value(), "ethereum", DEPOSIT, Asset.USDT, "120.50",
                                                  SweepStatus.CONFIRMED, "0xab12", 42L, fee, topUp, null,
                                                  t0, t0.plusSeconds(30), Mode.LIVE));
        // An older step seen again changes nothing.
        events.publish("Sweep", confirmedId, new SweepRequested(requested));
        await().atMost(PATIENCE).until(() -> find(requestedId).isPresent());
        assertThat(find(confirmedId)).contains(shown);

        assertThat(list(null, null)).extracting(SweepView::id).startsWith(requestedId.value(), confirmedId.value());
        assertThat(list(SweepStatus.REQUESTED, null)).extracting(SweepView::id).contains(requestedId.value())
                                                      .doesNotContain(confirmedId.value());
        // The sandbox chain's test sweeps apart from live ones.
        assertThat(list(null, Mode.TEST)).extracting(SweepView::id).contains(requestedId.value())
                                         .doesNotContain(confirmedId.value());
        assertThat(list(null, Mode.LIVE)).extracting(SweepView::id).contains(confirmedId.value())
                                         .doesNotContain(requestedId.value());
        assertThat(list(SweepStatus.CONFIRMED, Mode.TEST)).extracting(SweepView::id)
                                                          .doesNotContain(confirmedId.value(), requestedId.value());
        assertThat(find(SweepId.of("sw_unknown0000"))).isEmpty();

        List<List<Map<String, Object>>> rows = rebuild(SweepProjection.GROUP,
                                                       "SELECT * FROM query.sweeps ORDER BY sweep_id");
        assertThat(rows.get(1)).isEqualTo(rows.get(0));
    }

    private Optional<SweepView> find(SweepId sweep) {
        return queries.query(new FindSweep(sweep), ResponseTypes.optionalInstanceOf(SweepView.class)).join();
    }

    private List<SweepView> list(SweepStatus status, Mode mode) {
        return queries.query(new ListSweeps(status, mode, 100), ResponseTypes.multipleInstancesOf(SweepView.class))
                      .join();
    }
}
