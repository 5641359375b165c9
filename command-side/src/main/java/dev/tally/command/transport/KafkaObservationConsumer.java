package dev.tally.command.transport;

import dev.tally.command.payment.CommandBusObservationPort;
import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.platform.axon.AuditContext;
import dev.tally.platform.axon.AuditMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Chain observations from Kafka ({@code tally.transport=kafka}) into the command side. Translation only: the record
 * is decoded and handed to the in-process port, whose commands decide. The offset of a record is committed only
 * after {@link ChainObservationPort#accept} returned (AckMode.RECORD); if it throws, the record is redelivered with
 * backoff, indefinitely, without skipping; an undecodable record goes to the dead-letter topic at once. See
 * {@link KafkaTransportConfiguration}; topic and group: {@link ObservationConsumingProperties}.
 */
@Component
@ConditionalOnProperty(name = "tally.transport", havingValue = "kafka")
public class KafkaObservationConsumer {
    private static final Logger log = LoggerFactory.getLogger(KafkaObservationConsumer.class);

    private final ChainObservationPort port;
    private final ObservationConsumingProperties properties;
    private final ObservationDecoder decoder = new ObservationDecoder();

    /** Always the command-bus port: in the all-in-one launcher the Kafka publisher is a ChainObservationPort too. */
    @Autowired
    public KafkaObservationConsumer(CommandBusObservationPort port, ObservationConsumingProperties properties) {
        this((ChainObservationPort) port, properties);
    }

    public KafkaObservationConsumer(ChainObservationPort port, ObservationConsumingProperties properties) {
        this.port = port;
        this.properties = properties;
    }

    /** The topic listened to ({@code tally.transport.topic}). */
    public String getTopic() {
        return properties.getTopic();
    }

    /** The consumer group ({@code tally.transport.group-id}). */
    public String getGroupId() {
        return properties.getGroupId();
    }

    @KafkaListener(id = "tally-chain-observations",
            topics = "#{__listener.topic}",
            groupId = "#{__listener.groupId}",
            containerFactory = KafkaTransportConfiguration.CONTAINER_FACTORY)
    public void onRecord(ConsumerRecord<String, String> record) {
        ChainObservation observation;
        try {
            observation = decoder.decode(record.value());
        } catch (MalformedObservationException e) {
            log.warn("Malformed observation at {}-{}@{} (key {}): {}; sending it to the dead-letter topic",
                     record.topic(), record.partition(), record.offset(), record.key(), e.getMessage());
            throw e;
        }
        // Audit metadata: the commands (and their events) record where the observation came from.
        AuditContext.run(Map.of(AuditMetadata.TRANSPORT,
                                "kafka:" + record.topic() + "-" + record.partition() + "@" + record.offset()),
                         () -> port.accept(observation));
    }
}
