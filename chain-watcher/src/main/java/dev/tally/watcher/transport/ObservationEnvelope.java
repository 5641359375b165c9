package dev.tally.watcher.transport;

import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferFailed;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.chain.TransferOrphaned;

import java.util.Objects;

/**
 * One chain observation as it travels over Kafka. The JSON shape is the contract with the command side's decoder
 * ({@code dev.tally.command.transport.ObservationDecoder}, which documents the same shape):
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
 * token amount {@code {"asset": "USDT", "baseUnits": 1500000}}, an instant an ISO-8601 string. The discriminator is
 * ours, never a Java class name; readers ignore fields they do not know.
 */
public record ObservationEnvelope(String type, String paymentId, ChainObservation observation) {

    public ObservationEnvelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(observation, "observation");
    }

    public static ObservationEnvelope of(ChainObservation observation) {
        return new ObservationEnvelope(typeOf(observation), observation.paymentId().value(), observation);
    }

    static String typeOf(ChainObservation observation) {
        if (observation instanceof TransferObserved) {
            return "TransferObserved";
        } else if (observation instanceof ConfirmationsObserved) {
            return "ConfirmationsObserved";
        } else if (observation instanceof TransferFailed) {
            return "TransferFailed";
        } else if (observation instanceof TransferOrphaned) {
            return "TransferOrphaned";
        }
        throw new IllegalArgumentException("unknown observation " + observation);
    }
}
