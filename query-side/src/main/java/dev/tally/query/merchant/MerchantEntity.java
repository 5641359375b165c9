package dev.tally.query.merchant;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.merchant.MerchantRegistered;
import dev.tally.kernel.merchant.MerchantView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(schema = "query", name = "merchants")
public class MerchantEntity {
    @Id
    @Column(name = "merchant_id")
    private String merchantId;
    private String name;
    @Column(name = "fee_basis_points")
    private int feeBasisPoints;
    @Column(name = "confirmations_override")
    private Integer confirmationsOverride;
    @Column(name = "registered_at")
    private Instant registeredAt;

    protected MerchantEntity() {
    }

    static MerchantEntity of(MerchantRegistered event) {
        MerchantEntity entity = new MerchantEntity();
        entity.merchantId = event.merchantId().value();
        entity.name = event.name();
        entity.feeBasisPoints = event.feeBasisPoints();
        entity.confirmationsOverride = event.confirmationsOverride();
        entity.registeredAt = event.registeredAt();
        return entity;
    }

    MerchantView toView() {
        return new MerchantView(MerchantId.of(merchantId), name, feeBasisPoints, confirmationsOverride, registeredAt);
    }
}
