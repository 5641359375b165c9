package dev.tally.kernel.refund;

/** A step of a refund's life; {@link #refund()} is the refund as the step left it. */
public interface RefundEvent {
    RefundState refund();

    /** The step's name in integration events: {@code refund.<step>}. */
    String step();
}
