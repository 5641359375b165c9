package dev.tally.query.invoice;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Entity
@Table(schema = "query", name = "invoices")
public class InvoiceEntity {
    @Id
    @Column(name = "invoice_id")
    private String invoiceId;
    @Column(name = "merchant_id")
    private String merchantId;
    @Enumerated(EnumType.STRING)
    private InvoiceStatus status;
    @Column(name = "amount_base_units")
    private long amountBaseUnits;
    @Enumerated(EnumType.STRING)
    private Asset asset;
    @Enumerated(EnumType.STRING)
    private Chain chain;
    @Column(name = "deposit_address")
    private String depositAddress;
    @Column(name = "required_confirmations")
    private int requiredConfirmations;
    @Column(name = "order_id")
    private String orderId;
    private String description;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, String> metadata;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Enumerated(EnumType.STRING)
    private Mode mode;

    protected InvoiceEntity() {
    }

    static InvoiceEntity of(InvoiceCreated event) {
        InvoiceEntity entity = new InvoiceEntity();
        entity.invoiceId = event.invoiceId().value();
        entity.merchantId = event.merchantId().value();
        entity.status = InvoiceStatus.PENDING;
        entity.amountBaseUnits = event.amount().baseUnits();
        entity.asset = event.amount().asset();
        entity.chain = event.chain();
        entity.depositAddress = event.depositAddress();
        entity.requiredConfirmations = event.requiredConfirmations();
        entity.orderId = event.orderId();
        entity.description = event.description();
        entity.metadata = new HashMap<>(event.metadata());
        entity.createdAt = event.createdAt();
        entity.expiresAt = event.expiresAt();
        entity.updatedAt = event.createdAt();
        entity.mode = event.mode();
        return entity;
    }

    void moveTo(InvoiceStatus next, Instant at) {
        this.status = next;
        this.updatedAt = at;
    }

    InvoiceStatus status() {
        return status;
    }

    String merchantId() {
        return merchantId;
    }

    InvoiceView toView() {
        return new InvoiceView(InvoiceId.of(invoiceId), status,
                TokenAmount.ofBaseUnits(asset, amountBaseUnits).toDecimalString(), asset, chain, depositAddress,
                requiredConfirmations, expiresAt, createdAt, orderId, description, metadata, List.of(), mode);
    }
}
