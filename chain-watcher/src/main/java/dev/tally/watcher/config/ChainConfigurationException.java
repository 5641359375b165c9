package dev.tally.watcher.config;

/** A {@code tally.chains.*} setting the watcher cannot run with; the message names the property. */
public class ChainConfigurationException extends RuntimeException {
    private final String property;

    public ChainConfigurationException(String property, String problem) {
        super(property + " " + problem);
        this.property = property;
    }

    /** The property at fault, e.g. {@code tally.chains.tron.endpoints}. */
    public String property() {
        return property;
    }
}
