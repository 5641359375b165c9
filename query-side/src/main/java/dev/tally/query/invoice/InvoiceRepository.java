package dev.tally.query.invoice;

import dev.tally.kernel.mode.Mode;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

import java.util.Optional;

interface InvoiceRepository extends JpaRepository<InvoiceEntity, String>, JpaSpecificationExecutor<InvoiceEntity> {
    Optional<InvoiceEntity> findByInvoiceIdAndMerchantIdAndMode(String invoiceId, String merchantId, Mode mode);
}
