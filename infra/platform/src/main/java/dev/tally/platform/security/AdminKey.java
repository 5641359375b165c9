package dev.tally.platform.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform operator's API key: {@code tally.admin.api-key} (env {@code TALLY_ADMIN_API_KEY}), or, when unset, one
 * generated at start that lives until the process ends.
 */
public final class AdminKey {
    private static final Logger log = LoggerFactory.getLogger(AdminKey.class);

    private final String secret;
    private final boolean generated;

    private AdminKey(String secret, boolean generated) {
        this.secret = secret;
        this.generated = generated;
    }

    public static AdminKey from(String configured) {
        if (configured != null && !configured.isBlank()) {
            if (configured.trim().length() < 24) {
                throw new IllegalStateException("tally.admin.api-key is too short: use at least 24 random characters");
            }
            return new AdminKey(configured.trim(), false);
        }
        log.warn("tally.admin.api-key is not set: generated an admin key for this run only (set TALLY_ADMIN_API_KEY "
                 + "to keep one across restarts)");
        return new AdminKey(ApiKeys.generate("admin"), true);
    }

    public boolean matches(String presented) {
        return ApiKeys.matches(secret, presented);
    }

    /** The secret, for the launcher's one-time start-up notice only. */
    public String secret() {
        return secret;
    }

    public boolean generated() {
        return generated;
    }

    @Override
    public String toString() {
        return "AdminKey[****]";
    }
}
