package dev.tally.kernel.invoice;

/** Limits on an invoice's fields, shared by the aggregate and the API's validation. */
public final class InvoiceRules {
    public static final int EXPIRY_MINUTES_DEFAULT = 15;
    public static final int EXPIRY_MINUTES_MIN = 1;
    public static final int EXPIRY_MINUTES_MAX = 1440;
    public static final int ORDER_ID_LENGTH_MAX = 128;
    public static final int DESCRIPTION_LENGTH_MAX = 1000;
    /** The metadata map as UTF-8 JSON may not exceed this many bytes. */
    public static final int METADATA_BYTES_MAX = 4096;
    public static final int METADATA_KEY_LENGTH_MAX = 64;
    public static final int METADATA_ENTRIES_MAX = 50;

    private InvoiceRules() {
    }
}
