package dev.tally.platform.security;

/** Who is calling: the platform operator or a merchant (auditors arrive with the audit API). */
public enum Role {
    ADMIN,
    MERCHANT
}
