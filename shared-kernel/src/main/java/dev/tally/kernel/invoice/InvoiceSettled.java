package dev.tally.kernel.invoice;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The invoice's settlement completed: {@code gross} was split into the platform's {@code fee} and the merchant's net.
 * Both are null in events stored before refunds existed; such an invoice cannot be refunded through Tally.
 */
@Revision("1")
public record InvoiceSettled(InvoiceId invoiceId, MerchantId merchantId, SettlementId settlementId, Instant settledAt,
                             TokenAmount gross, TokenAmount fee) {
    @JsonCreator
    public InvoiceSettled {
    }

    public InvoiceSettled(InvoiceId invoiceId, MerchantId merchantId, SettlementId settlementId, Instant settledAt) {
        this(invoiceId, merchantId, settlementId, settledAt, null, null);
    }
}
