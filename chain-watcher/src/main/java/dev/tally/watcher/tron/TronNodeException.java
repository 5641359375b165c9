package dev.tally.watcher.tron;

/** A call to a Tron node failed (unreachable, too slow, refused) or it answered something the client cannot use. */
public class TronNodeException extends RuntimeException {
    public TronNodeException(String message, Throwable cause) {
        super(message, cause);
    }

    public TronNodeException(String message) {
        super(message);
    }
}
