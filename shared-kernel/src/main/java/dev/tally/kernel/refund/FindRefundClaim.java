package dev.tally.kernel.refund;

import java.util.regex.Pattern;

/** The refund behind a claim link, as its view knows it: answers an {@code Optional<RefundClaimView>}. */
public record FindRefundClaim(String claimId) {
    /** A claim id's form: {@code rfc_} and base62 (a random secret). */
    private static final Pattern CLAIM_ID = Pattern.compile("rfc_[0-9A-Za-z]{1,40}");

    /** Whether {@code text} can be a claim id at all: anything else is unknown without a lookup. */
    public static boolean isClaimId(String text) {
        return text != null && CLAIM_ID.matcher(text).matches();
    }
}
