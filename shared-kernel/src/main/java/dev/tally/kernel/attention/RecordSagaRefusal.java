package dev.tally.kernel.attention;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

import java.time.Instant;

/** Records that a saga's command was refused: answered by {@link SagaCommandRefused}. */
public record RecordSagaRefusal(String refusalId, MerchantId merchantId, InvoiceId invoiceId, String saga,
                                String command, String code, String reason, Instant at, Mode mode) {
    @JsonCreator
    public RecordSagaRefusal {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public RecordSagaRefusal(String refusalId, MerchantId merchantId, InvoiceId invoiceId, String saga, String command,
                             String code, String reason, Instant at) {
        this(refusalId, merchantId, invoiceId, saga, command, code, reason, at, Mode.LIVE);
    }
}
