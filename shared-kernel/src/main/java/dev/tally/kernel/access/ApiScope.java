package dev.tally.kernel.access;

import java.util.List;

/** What an API key may do. Strings, because they are part of the public API and stored in events. */
public final class ApiScope {
    public static final String INVOICES_READ = "invoices:read";
    public static final String INVOICES_WRITE = "invoices:write";
    public static final String SETTLEMENTS_READ = "settlements:read";
    public static final String REPORTS_READ = "reports:read";
    public static final String WEBHOOKS_WRITE = "webhooks:write";
    public static final String PAYOUTS_READ = "payouts:read";
    public static final String PAYOUTS_WRITE = "payouts:write";
    public static final String REFUNDS_READ = "refunds:read";
    public static final String REFUNDS_WRITE = "refunds:write";
    public static final String AUDIT_READ = "audit:read";

    /** Every scope, in the order the API documents them. */
    public static final List<String> ALL = List.of(
            INVOICES_READ, INVOICES_WRITE, SETTLEMENTS_READ, REPORTS_READ, WEBHOOKS_WRITE, AUDIT_READ, PAYOUTS_READ,
            PAYOUTS_WRITE, REFUNDS_READ, REFUNDS_WRITE);

    /** The scopes of the key issued when a merchant registers, and the default of a new merchant key. */
    public static final List<String> ALL_MERCHANT = ALL;

    /** What an auditor key may hold: reading only. Its default is all of them. */
    public static final List<String> AUDITOR = List.of(INVOICES_READ, SETTLEMENTS_READ, REPORTS_READ, AUDIT_READ);

    private ApiScope() {
    }

    public static boolean isKnown(String scope) {
        return ALL.contains(scope);
    }
}
