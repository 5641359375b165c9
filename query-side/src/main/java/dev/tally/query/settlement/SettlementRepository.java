package dev.tally.query.settlement;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

import java.util.Optional;

interface SettlementRepository extends JpaRepository<SettlementEntity, String>,
        JpaSpecificationExecutor<SettlementEntity> {
    Optional<SettlementEntity> findBySettlementIdAndMerchantId(String settlementId, String merchantId);
}
