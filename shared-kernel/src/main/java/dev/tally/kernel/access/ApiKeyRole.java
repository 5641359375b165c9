package dev.tally.kernel.access;

/**
 * Whom a stored API key speaks for: a merchant (its own data) or an auditor (read-only, every merchant). The
 * platform admin's key is configuration, never stored.
 */
public enum ApiKeyRole {
    MERCHANT,
    AUDITOR
}
