package dev.tally.query.settlement;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A settlement row, read by the queries (the projection writes through JDBC). */
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
    @Enumerated(EnumType.STRING)
    private Mode mode;

    protected SettlementEntity() {
    }

    SettlementView toView() {
        return view(settlementId, invoiceId, asset, grossBaseUnits, feeBaseUnits, netBaseUnits, feeBasisPoints, status,
                    createdAt, completedAt, mode);
    }

    /** A settlement row as its merchant reads it. */
    static SettlementView view(String settlementId, String invoiceId, Asset asset, long grossBaseUnits,
                               long feeBaseUnits, long netBaseUnits, int feeBasisPoints, SettlementStatus status,
                               Instant createdAt, Instant completedAt, Mode mode) {
        return new SettlementView(SettlementId.of(settlementId), InvoiceId.of(invoiceId), asset,
                                  amount(asset, grossBaseUnits), amount(asset, feeBaseUnits),
                                  SettlementView.percentage(feeBasisPoints), amount(asset, netBaseUnits), status,
                                  createdAt, completedAt, mode);
    }

    private static String amount(Asset asset, long baseUnits) {
        return TokenAmount.ofBaseUnits(asset, baseUnits).toDecimalString();
    }
}
