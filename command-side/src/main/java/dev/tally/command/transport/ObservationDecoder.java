package dev.tally.command.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferFailed;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.chain.TransferOrphaned;

import java.util.Map;

/**
 * Reads the observation envelope the chain watcher publishes ({@code dev.tally.watcher.transport.ObservationEnvelope}
 * writes it; the JSON shape is the contract, the two modules share no code for it):
 *
 * <pre>
 * key:   the payment id, e.g. "tron:&lt;txHash&gt;:&lt;logIndex&gt;" (UTF-8 string)
 * value: {
 *   "type": "TransferObserved" | "ConfirmationsObserved" | "TransferFailed" | "TransferOrphaned",
 *   "paymentId": "tron:&lt;txHash&gt;:&lt;logIndex&gt;",
 *   "observation": { the record's components by name }
 * }
 * </pre>
 *
 * Inside {@code observation}: a payment id is its string, a chain its code ({@code "tron"}, {@code "ethereum"}), a
 * token amount {@code {"asset": "USDT", "baseUnits": 1500000}}, an instant an ISO-8601 string. Unknown fields are
 * ignored (a newer writer may add some); an unknown type, a missing field or a payment id that does not match the
 * observation makes the record malformed. No Jackson default typing: the type is chosen from a fixed table.
 */
public final class ObservationDecoder {

    private static final Map<String, Class<? extends ChainObservation>> TYPES = Map.of(
            "TransferObserved", TransferObserved.class,
            "ConfirmationsObserved", ConfirmationsObserved.class,
            "TransferFailed", TransferFailed.class,
            "TransferOrphaned", TransferOrphaned.class);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    /** @throws MalformedObservationException when the value is not a readable observation */
    public ChainObservation decode(String value) {
        if (value == null || value.isBlank()) {
            throw new MalformedObservationException("empty record value");
        }
        JsonNode envelope;
        try {
            envelope = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedObservationException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (envelope == null || !envelope.isObject()) {
            throw new MalformedObservationException("not a JSON object");
        }
        String type = envelope.path("type").asText(null);
        Class<? extends ChainObservation> target = type == null ? null : TYPES.get(type);
        if (target == null) {
            throw new MalformedObservationException("unknown observation type: " + type);
        }
        JsonNode body = envelope.get("observation");
        if (body == null || !body.isObject()) {
            throw new MalformedObservationException("no observation object in " + type + " envelope");
        }
        if (target == ConfirmationsObserved.class && !body.has("finalized")) {
            // Written before confirmations carried the chain's finality: not known to be final.
            ((ObjectNode) body).put("finalized", false);
        }
        if (target == TransferObserved.class && !body.has("blockTime")) {
            // Written before transfers carried their block's time: lateness falls back to observedAt.
            ((ObjectNode) body).putNull("blockTime");
        }
        ChainObservation observation;
        try {
            observation = JSON.treeToValue(body, target);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedObservationException("unreadable " + type + ": " + e.getMessage(), e);
        }
        String paymentId;
        try {
            paymentId = observation.paymentId().value();
        } catch (RuntimeException e) {
            throw new MalformedObservationException(type + " without a valid payment id", e);
        }
        if (observation.observedAt() == null) {
            throw new MalformedObservationException(type + " for " + paymentId + " without observedAt");
        }
        String declared = envelope.path("paymentId").asText(null);
        if (declared != null && !declared.equals(paymentId)) {
            throw new MalformedObservationException(
                    "envelope payment id " + declared + " does not match the observation's " + paymentId);
        }
        return observation;
    }
}
