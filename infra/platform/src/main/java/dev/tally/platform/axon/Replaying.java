package dev.tally.platform.axon;

/**
 * The resource a unit of work holds while it replays history into a projection (a rebuild): what it writes is not
 * news, and nothing it does is announced to live subscribers, on this node or any other.
 */
public final class Replaying {
    /** The unit of work's resource key. */
    public static final String RESOURCE = Replaying.class.getName();

    private Replaying() {
    }
}
