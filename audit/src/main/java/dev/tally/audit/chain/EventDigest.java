package dev.tally.audit.chain;

import dev.tally.audit.StoredEvent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A link's digest: SHA-256(previous digest ‖ the event's stored bytes). Every stored column is covered, each
 * length-prefixed (-1 for NULL) so that no two different rows encode alike: global index, event id, aggregate
 * type and id, sequence number, payload type and revision, timestamp (the stored text), payload, metadata.
 */
public final class EventDigest {
    /** The digest the first link follows. */
    public static final byte[] GENESIS = new byte[32];

    private EventDigest() {
    }

    public static byte[] link(byte[] previous, StoredEvent event) {
        MessageDigest sha256 = sha256();
        sha256.update(previous);
        sha256.update(ByteBuffer.allocate(8).putLong(event.globalIndex()).array());
        text(sha256, event.eventIdentifier());
        text(sha256, event.aggregateType());
        text(sha256, event.aggregateIdentifier());
        sha256.update(ByteBuffer.allocate(8).putLong(event.sequenceNumber()).array());
        text(sha256, event.payloadType());
        text(sha256, event.payloadRevision());
        text(sha256, event.timeStamp());
        bytes(sha256, event.payload());
        bytes(sha256, event.metaData());
        return sha256.digest();
    }

    private static void text(MessageDigest sha256, String value) {
        bytes(sha256, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(MessageDigest sha256, byte[] value) {
        sha256.update(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            sha256.update(value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
