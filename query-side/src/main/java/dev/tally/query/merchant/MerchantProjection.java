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
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Merchants as the admin API shows them. */
@Component
// Writes through JPA: a failure surfaces at the batch commit, which a savepoint cannot isolate.
@ReadModel(deadLettered = false)
@ProcessingGroup(MerchantProjection.GROUP)
public class MerchantProjection {
    public static final String GROUP = "merchant-views";

    private final MerchantRepository merchants;
    private final QueryUpdateEmitter updates;

    public MerchantProjection(MerchantRepository merchants, QueryUpdateEmitter updates) {
        this.merchants = merchants;
        this.updates = updates;
    }

    @EventHandler
    void on(MerchantRegistered event) {
        MerchantEntity entity = merchants.save(MerchantEntity.of(event));
        updates.emit(FindMerchant.class, q -> q.merchantId().equals(event.merchantId()), entity.toView());
    }

    @ResetHandler
    void reset() {
        merchants.deleteAllInBatch();
    }

    @QueryHandler
    public Optional<MerchantView> handle(FindMerchant query) {
        return merchants.findById(query.merchantId().value()).map(MerchantEntity::toView);
    }
}
