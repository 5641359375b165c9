package dev.tally.kernel.attention;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A saga's command was refused by its target (it had moved on), so the step it stood for did not happen: e.g. a
 * settlement completed but its invoice refused to be marked settled. Work that waits for a person: it is on the
 * merchant's dashboard as needing attention, and counted in {@code tally.attention.open}, until the invoice reaches
 * an end (settled, cancelled or expired). {@code merchantId} and {@code invoiceId} are those the command named (either
 * may be null); {@code code} is the refusal's error code, {@code reason} its message.
 */
@Revision("1")
public record SagaCommandRefused(String refusalId, MerchantId merchantId, InvoiceId invoiceId, String saga,
                                 String command, String code, String reason, Instant at, Mode mode) {
    @JsonCreator
    public SagaCommandRefused {
        mode = Mode.orLive(mode);
    }

    /** A live one. (Events stored before modes have no mode and read as live through the canonical constructor.) */
    public SagaCommandRefused(String refusalId, MerchantId merchantId, InvoiceId invoiceId, String saga, String command,
                              String code, String reason, Instant at) {
        this(refusalId, merchantId, invoiceId, saga, command, code, reason, at, Mode.LIVE);
    }
}
