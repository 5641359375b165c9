package dev.tally.kernel.access;

import dev.tally.kernel.error.DomainException;

import java.util.LinkedHashSet;
import java.util.List;

/** Limits on API keys, shared by the aggregates and the API's validation. */
public final class ApiKeyRules {
    public static final int NAME_LENGTH_MAX = 100;
    /** Active keys one merchant may hold at once: enough for rotation across several integrations. */
    public static final int ACTIVE_KEYS_MAX = 20;
    /** The name of the key issued with a merchant's registration. */
    public static final String FIRST_KEY_NAME = "Default key";

    private ApiKeyRules() {
    }

    /** A key's name, stripped; 1 to {@link #NAME_LENGTH_MAX} characters. */
    public static String checkedName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > NAME_LENGTH_MAX) {
            throw DomainException.ruleViolation("name must be 1 to " + NAME_LENGTH_MAX + " characters");
        }
        return stripped;
    }

    /** Scopes as given, without duplicates: at least one, each among {@code allowed}. */
    public static List<String> checkedScopes(List<String> requested, List<String> allowed) {
        if (requested == null || requested.isEmpty()) {
            throw DomainException.ruleViolation("scopes must name at least one of " + allowed);
        }
        var scopes = new LinkedHashSet<String>();
        for (String scope : requested) {
            if (scope == null || !allowed.contains(scope)) {
                throw DomainException.ruleViolation("scope '" + scope + "' is unknown or not allowed here; allowed: "
                                                    + allowed);
            }
            scopes.add(scope);
        }
        return List.copyOf(scopes);
    }
}
