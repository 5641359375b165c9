package dev.tally.query.attention;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

/** The open attention items of a merchant in one mode, oldest first, at most {@code limit}. */
public record ListOpenAttention(MerchantId merchantId, int limit, Mode mode) {
    public ListOpenAttention {
        mode = Mode.orLive(mode);
    }

    /** The live items. */
    public ListOpenAttention(MerchantId merchantId, int limit) {
        this(merchantId, limit, Mode.LIVE);
    }
}
