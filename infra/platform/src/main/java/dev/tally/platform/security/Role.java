package dev.tally.platform.security;

/**
 * Who is calling: the platform operator, a merchant (its own data only) or an auditor (read-only, every merchant,
 * the audit endpoints).
 */
public enum Role {
    ADMIN,
    MERCHANT,
    AUDITOR
}
