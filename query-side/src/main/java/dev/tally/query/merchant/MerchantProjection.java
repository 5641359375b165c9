package dev.tally.query.merchant;

import dev.tally.kernel.merchant.FindMerchant;
import dev.tally.kernel.merchant.MerchantRegistered;
import dev.tally.kernel.merchant.MerchantView;
import dev.tally.platform.axon.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import dev.tally.query.live.ClusterUpdates;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Optional;

/** Merchants as the admin API shows them. */
@Component
@ReadModel
@ProcessingGroup(MerchantProjection.GROUP)
public class MerchantProjection {
    public static final String GROUP = "merchant-views";

    private final MerchantRepository merchants;
    private final JdbcClient jdbc;
    private final QueryUpdateEmitter updates;
    private final ClusterUpdates cluster;

    public MerchantProjection(MerchantRepository merchants, JdbcClient jdbc, QueryUpdateEmitter updates,
                              ClusterUpdates cluster) {
        this.cluster = cluster;
        cluster.topic(FindMerchant.class, ResponseTypes.optionalInstanceOf(MerchantView.class), answer -> answer);
        this.merchants = merchants;
        this.jdbc = jdbc;
        this.updates = updates;
    }

    /** Written through JDBC, so a row the database refuses fails inside the handler and parks that merchant alone. */
    @EventHandler
    void on(MerchantRegistered event) {
        jdbc.sql("""
                INSERT INTO query.merchants (merchant_id, name, fee_basis_points, confirmations_override,
                                             webhook_url, registered_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (merchant_id) DO UPDATE SET name = EXCLUDED.name,
                    fee_basis_points = EXCLUDED.fee_basis_points,
                    confirmations_override = EXCLUDED.confirmations_override,
                    webhook_url = EXCLUDED.webhook_url, registered_at = EXCLUDED.registered_at""")
            .params(event.merchantId().value(), event.name(), event.feeBasisPoints(), event.confirmationsOverride(),
                    event.webhookUrl(), Timestamp.from(event.registeredAt()))
            .update();
        cluster.changed(new FindMerchant(event.merchantId()));
        updates.emit(FindMerchant.class, q -> q.merchantId().equals(event.merchantId()),
                     MerchantEntity.of(event).toView());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.merchants").update();
    }

    @QueryHandler
    public Optional<MerchantView> handle(FindMerchant query) {
        return merchants.findById(query.merchantId().value()).map(MerchantEntity::toView);
    }
}
