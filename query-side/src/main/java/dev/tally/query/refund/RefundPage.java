package dev.tally.query.refund;

import dev.tally.kernel.refund.RefundView;

import java.util.List;

/** Refunds newest first; {@code nextCursor} fetches the next page, null on the last. */
public record RefundPage(List<RefundView> data, String nextCursor) {
}
