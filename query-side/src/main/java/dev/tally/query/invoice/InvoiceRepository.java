package dev.tally.query.invoice;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

import java.util.Optional;

interface InvoiceRepository extends JpaRepository<InvoiceEntity, String>, JpaSpecificationExecutor<InvoiceEntity> {
    Optional<InvoiceEntity> findByInvoiceIdAndMerchantId(String invoiceId, String merchantId);
}
