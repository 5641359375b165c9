package dev.tally.query.settlement;

import java.util.List;

/** One page of settlements, newest first; {@code nextCursor} is null on the last page. */
public record SettlementPage(List<SettlementView> items, String nextCursor) {
    public SettlementPage {
        items = List.copyOf(items);
    }
}
