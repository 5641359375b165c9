package dev.tally.kernel.access;

import java.util.List;

/** What an API key may do. Strings, because they are part of the public API and stored in events. */
public final class ApiScope {
    public static final String INVOICES_READ = "invoices:read";
    public static final String INVOICES_WRITE = "invoices:write";
    public static final String SETTLEMENTS_READ = "settlements:read";
    public static final String REPORTS_READ = "reports:read";
    public static final String WEBHOOKS_WRITE = "webhooks:write";
    public static final String AUDIT_READ = "audit:read";

    /** The scopes of the key issued when a merchant registers. */
    public static final List<String> ALL_MERCHANT = List.of(
            INVOICES_READ, INVOICES_WRITE, SETTLEMENTS_READ, REPORTS_READ, WEBHOOKS_WRITE, AUDIT_READ);

    private ApiScope() {
    }
}
