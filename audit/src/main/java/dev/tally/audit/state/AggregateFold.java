package dev.tally.audit.state;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;

/** Rebuilds one aggregate's state from its events, in order; knows nothing of storage or time. */
interface AggregateFold {
    void apply(Object event);

    /** The merchant the aggregate belongs to, once known (null for a transfer nobody expected). */
    MerchantId merchantId();

    /** The mode the aggregate belongs to (its invoice's), once known. */
    Mode mode();

    Object state();
}
