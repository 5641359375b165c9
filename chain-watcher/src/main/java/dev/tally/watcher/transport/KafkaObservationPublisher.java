package dev.tally.watcher.transport;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tally.kernel.chain.ChainObservation;
import dev.tally.kernel.chain.ChainObservationPort;
import dev.tally.kernel.money.TokenAmount;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes observations to Kafka ({@code tally.transport=kafka}); then it is the port the scanner uses, in place
 * of the in-process one. Keyed by payment id, so all observations of one payment keep their order (one partition).
 * The producer is idempotent with {@code acks=all}, and {@link #accept} returns only once the broker has the record:
 * the scanner advances past a block only after everything it observed there is durable. Wire format:
 * {@link ObservationEnvelope}; settings: {@link ObservationPublishingProperties}.
 */
@Component
@Primary
@ConditionalOnProperty(name = "tally.transport", havingValue = "kafka")
public class KafkaObservationPublisher implements ChainObservationPort, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(KafkaObservationPublisher.class);

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addMixIn(TokenAmount.class, TokenAmountOnTheWire.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** A token amount is {@code {"asset", "baseUnits"}} on the wire, without derived properties such as "zero". */
    abstract static class TokenAmountOnTheWire {
        @JsonIgnore
        abstract boolean isZero();
    }

    private final DefaultKafkaProducerFactory<String, String> producerFactory;
    private final KafkaTemplate<String, String> template;
    private final String topic;
    private final Duration sendTimeout;

    @Autowired
    public KafkaObservationPublisher(ProducerFactory<?, ?> bootFactory, ObservationPublishingProperties properties) {
        this(bootFactory, properties.getTopic(), properties.getSendTimeout());
    }

    /**
     * @param bootFactory Spring Boot's producer factory: its configuration ({@code spring.kafka.*}, bootstrap
     *                    servers, security) is the base; serializers, acks and idempotence are fixed here
     */
    public KafkaObservationPublisher(ProducerFactory<?, ?> bootFactory, String topic, Duration sendTimeout) {
        Map<String, Object> config = new HashMap<>(bootFactory.getConfigurationProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // send() itself waits for topic metadata when the broker is away; no longer than a publish may take
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producerFactory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer());
        this.template = new KafkaTemplate<>(producerFactory);
        this.topic = topic;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public void accept(ChainObservation observation) {
        String key = observation.paymentId().value();
        String value = encode(observation);
        try {
            template.send(topic, key, value).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            log.debug("Published {} for {} to {}", observation.getClass().getSimpleName(), key, topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing observation for " + key, e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // KafkaException: send() gave up at once (no topic metadata within the send timeout, broker away)
            // The scanner does not advance; it reports the block again. A record that timed out here may still reach
            // the broker later: then the command side sees it twice, which changes nothing (observations are
            // idempotent there).
            throw new IllegalStateException("could not publish observation for " + key + " to " + topic, e);
        }
    }

    /** The JSON value of the record: an {@link ObservationEnvelope}. */
    public static String encode(ChainObservation observation) {
        try {
            return JSON.writeValueAsString(ObservationEnvelope.of(observation));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + observation, e);
        }
    }

    @Override
    public void destroy() {
        producerFactory.destroy();
    }
}
