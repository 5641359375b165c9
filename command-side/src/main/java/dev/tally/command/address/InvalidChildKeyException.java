package dev.tally.command.address;

/**
 * Thrown when BIP32 child derivation yields an invalid key for a particular index: I<sub>L</sub>
 * &ge; n, or the resulting key is zero / the point at infinity.
 *
 * <p>The probability is below 1 in 2<sup>127</sup> per index, but BIP32 defines the behaviour:
 * the index has no key and the caller should "proceed with the next value for i". A dedicated
 * type lets callers do exactly that (for example mark the invoice index as unusable and allocate
 * the next one) instead of treating it like bad input.
 */
public final class InvalidChildKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int index;

    InvalidChildKeyException(int index, String reason) {
        super("BIP32 child key at index " + Integer.toUnsignedString(index)
                + " is invalid (" + reason + "); skip to the next index");
        this.index = index;
    }

    /** The child index (as an unsigned 32-bit value stored in an int) that has no valid key. */
    public int index() {
        return index;
    }
}
