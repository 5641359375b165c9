package dev.tally.query.settlement;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.settlement.SettlementCreated;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

@Entity
@Table(schema = "query", name = "settlements")
public class SettlementEntity {
    @Id
    @Column(name = "settlement_id")
    private String settlementId;
    @Column(name = "invoice_id")
    private String invoiceId;
    @Column(name = "merchant_id")
    private String merchantId;
    @Enumerated(EnumType.STRING)
    private Asset asset;
    @Column(name = "gross_base_units")
    private long grossBaseUnits;
    @Column(name = "fee_base_units")
    private long feeBaseUnits;
    @Column(name = "net_base_units")
    private long netBaseUnits;
    @Column(name = "fee_basis_points")
    private int feeBasisPoints;
    @Column(name = "fee_scale")
    private int feeScale;
    @Enumerated(EnumType.STRING)
    private SettlementStatus status;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "completed_at")
    private Instant completedAt;

    protected SettlementEntity() {
    }

    static SettlementEntity of(SettlementCreated event) {
        SettlementEntity entity = new SettlementEntity();
        entity.settlementId = event.settlementId().value();
        entity.invoiceId = event.invoiceId().value();
        entity.merchantId = event.merchantId().value();
        entity.asset = event.gross().asset();
        entity.grossBaseUnits = event.gross().baseUnits();
        entity.feeBaseUnits = event.fee().baseUnits();
        entity.netBaseUnits = event.net().baseUnits();
        entity.feeBasisPoints = event.feeBasisPoints();
        entity.feeScale = event.feeScale();
        entity.status = SettlementStatus.PENDING;
        entity.createdAt = micros(event.createdAt());
        return entity;
    }

    /** @return whether this changed anything (a completion seen twice changes nothing) */
    boolean reverse(Instant at) {
        if (status == SettlementStatus.REVERSED) {
            return false;
        }
        status = SettlementStatus.REVERSED;
        return true;
    }

    boolean complete(Instant at) {
        if (status == SettlementStatus.COMPLETED) {
            return false;
        }
        status = SettlementStatus.COMPLETED;
        completedAt = micros(at);
        return true;
    }

    String merchantId() {
        return merchantId;
    }

    SettlementView toView() {
        return new SettlementView(SettlementId.of(settlementId), InvoiceId.of(invoiceId), asset,
                                  amount(grossBaseUnits), amount(feeBaseUnits),
                                  SettlementView.percentage(feeBasisPoints), amount(netBaseUnits), status, createdAt,
                                  completedAt);
    }

    private String amount(long baseUnits) {
        return TokenAmount.ofBaseUnits(asset, baseUnits).toDecimalString();
    }

    /** PostgreSQL keeps microseconds; the view shows the same instant before and after a round trip. */
    private static Instant micros(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
    }
}
