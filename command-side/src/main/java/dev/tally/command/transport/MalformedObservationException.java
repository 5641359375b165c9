package dev.tally.command.transport;

/** A Kafka record that is not an observation we can read. Never retried: it goes to the dead-letter topic. */
public class MalformedObservationException extends RuntimeException {
    public MalformedObservationException(String message) {
        super(message);
    }

    public MalformedObservationException(String message, Throwable cause) {
        super(message, cause);
    }
}
