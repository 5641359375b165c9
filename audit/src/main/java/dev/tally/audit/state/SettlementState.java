package dev.tally.audit.state;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;

import java.time.Instant;

/** A settlement as it stood: PENDING or COMPLETED, with its fee split. */
public record SettlementState(SettlementId settlementId, InvoiceId invoiceId, MerchantId merchantId, String status,
                              TokenAmount gross, TokenAmount fee, TokenAmount net, int feeBasisPoints,
                              Instant createdAt, Instant completedAt) {

    static final class Fold implements AggregateFold {
        private SettlementCreated created;
        private String status;
        private Instant completedAt;

        @Override
        public void apply(Object event) {
            if (event instanceof SettlementCreated e) {
                created = e;
                status = "PENDING";
            } else if (event instanceof SettlementCompleted e) {
                status = "COMPLETED";
                completedAt = e.completedAt();
            }
        }

        @Override
        public MerchantId merchantId() {
            return created == null ? null : created.merchantId();
        }

        @Override
        public Mode mode() {
            return created == null ? Mode.LIVE : created.mode();
        }

        @Override
        public SettlementState state() {
            return new SettlementState(created.settlementId(), created.invoiceId(), created.merchantId(), status,
                                       created.gross(), created.fee(), created.net(), created.feeBasisPoints(),
                                       created.createdAt(), completedAt);
        }
    }
}
