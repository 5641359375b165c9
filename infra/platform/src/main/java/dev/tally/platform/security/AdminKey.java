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

    /** The shortest secret an operator may set. */
    public static final int LENGTH_MIN = 24;
    /** The longest bearer credential Tally reads at all (longer ones are refused before any lookup). */
    public static final int LENGTH_MAX = 200;

    /**
     * Any secret of {@value #LENGTH_MIN} to {@value #LENGTH_MAX} visible ASCII characters works, with or without the
     * {@code tly_} prefix; anything else refuses to start with the rule named, so a key that could never
     * authenticate is never accepted.
     */
    public static AdminKey from(String configured) {
        if (configured != null && !configured.isBlank()) {
            String secret = configured.trim();
            boolean visibleAscii = secret.chars().allMatch(c -> c > 0x20 && c < 0x7f);
            if (secret.length() < LENGTH_MIN || secret.length() > LENGTH_MAX || !visibleAscii) {
                throw new IllegalStateException(
                        "tally.admin.api-key (TALLY_ADMIN_API_KEY) must be " + LENGTH_MIN + " to " + LENGTH_MAX
                        + " visible ASCII characters without spaces; the configured value has " + secret.length()
                        + " characters" + (visibleAscii ? "" : ", some of them spaces, control or non-ASCII"));
            }
            return new AdminKey(secret, false);
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
