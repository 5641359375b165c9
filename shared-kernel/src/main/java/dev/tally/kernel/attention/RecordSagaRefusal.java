package dev.tally.kernel.attention;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;

import java.time.Instant;

/** Records that a saga's command was refused: answered by {@link SagaCommandRefused}. */
public record RecordSagaRefusal(String refusalId, MerchantId merchantId, InvoiceId invoiceId, String saga,
                                String command, String code, String reason, Instant at) {
}
