package dev.tally.query.settlement;

import dev.tally.kernel.mode.Mode;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

import java.util.Optional;

interface SettlementRepository extends JpaRepository<SettlementEntity, String>,
        JpaSpecificationExecutor<SettlementEntity> {
    Optional<SettlementEntity> findBySettlementIdAndMerchantIdAndMode(String settlementId, String merchantId,
                                                                       Mode mode);
}
