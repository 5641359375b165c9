package dev.tally.watcher.evm;

/**
 * An EVM node could not answer a call: unreachable, too slow, an HTTP or JSON-RPC error, or an answer that does not
 * fit together (a block that changed while it was read). The scanner tries again later or on another endpoint.
 */
public class EvmNodeException extends RuntimeException {
    public EvmNodeException(String message) {
        super(message);
    }

    public EvmNodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
