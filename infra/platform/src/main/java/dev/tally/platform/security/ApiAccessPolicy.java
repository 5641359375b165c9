package dev.tally.platform.security;

import dev.tally.kernel.access.ApiScope;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call which endpoint: the one table of roles and scopes for the whole API, checked for every request before
 * any controller runs. The first rule whose method and path match decides. A merchant or auditor key needs the
 * rule's scope; the admin key needs none (it is the platform's own). Auditor keys are read-only everywhere.
 *
 * <p>To protect a new endpoint, add its rule here (and to the table in {@code docs/security.md}); the launcher's
 * {@code ApiAccessPolicyCoverageTest} fails for any operation in the OpenAPI document without one. Controllers may
 * keep their own {@code @PreAuthorize} as a second line; this table is what callers see (a 403 naming the scope).
 */
public final class ApiAccessPolicy {
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /**
     * POSTs that change no fact, so read-only auditor keys may call them: verifications (they re-read and report) and
     * projection rebuilds (they recompute read models from the stored events and change none of them).
     */
    private static final Set<String> VERIFYING_POSTS = Set.of("/api/v1/audit/verify", "/api/v1/audit/checkpoints/verify",
                                                              "/api/v1/audit/rebuilds");

    private final List<Rule> rules;

    public ApiAccessPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** One row of the table: methods ({@code *} for any), a path pattern, the roles allowed, the scope needed. */
    public record Rule(Set<String> methods, String pattern, Set<Role> roles, String scope, PathPattern path) {
        public boolean matches(String method, String requestPath) {
            return (methods.contains("*") || methods.contains(method.toUpperCase(Locale.ROOT)))
                   && path.matches(PathContainer.parsePath(requestPath));
        }
    }

    /**
     * A rule. {@code methods}: comma-separated, or {@code *}; {@code pattern}: a Spring path pattern
     * ({@code /api/v1/invoices/**}); {@code scope}: null when the role alone decides.
     */
    public static Rule rule(String methods, String pattern, String scope, Role... roles) {
        return new Rule(Set.copyOf(Arrays.stream(methods.split(",")).map(String::strip)
                                         .map(m -> m.toUpperCase(Locale.ROOT)).toList()),
                        pattern, EnumSet.copyOf(Arrays.asList(roles)), scope,
                        PathPatternParser.defaultInstance.parse(pattern));
    }

    /** Tally's API. Order matters: the first match wins. */
    public static ApiAccessPolicy tally() {
        List<Rule> rules = new ArrayList<>();
        // Platform administration.
        rules.add(rule("*", "/api/v1/merchants", null, Role.ADMIN));
        rules.add(rule("*", "/api/v1/merchants/**", null, Role.ADMIN));
        // Operations: parked events (dead letters).
        rules.add(rule("*", "/api/v1/admin/**", null, Role.ADMIN));
        // API keys: the controller limits a merchant key to its merchant and to the scopes it holds.
        rules.add(rule("*", "/api/v1/api-keys", null, Role.ADMIN, Role.MERCHANT));
        rules.add(rule("*", "/api/v1/api-keys/**", null, Role.ADMIN, Role.MERCHANT));
        // Refunds, also those requested under their invoice (before the invoice rules, which would take them).
        rules.add(rule("GET,HEAD", "/api/v1/refunds", ApiScope.REFUNDS_READ, Role.MERCHANT));
        rules.add(rule("GET,HEAD", "/api/v1/refunds/**", ApiScope.REFUNDS_READ, Role.MERCHANT));
        rules.add(rule("*", "/api/v1/refunds/**", ApiScope.REFUNDS_WRITE, Role.MERCHANT));
        rules.add(rule("POST", "/api/v1/invoices/*/refunds", ApiScope.REFUNDS_WRITE, Role.MERCHANT));
        // Invoices.
        rules.add(rule("GET,HEAD", "/api/v1/invoices", ApiScope.INVOICES_READ, Role.MERCHANT));
        rules.add(rule("GET,HEAD", "/api/v1/invoices/**", ApiScope.INVOICES_READ, Role.MERCHANT));
        rules.add(rule("*", "/api/v1/invoices", ApiScope.INVOICES_WRITE, Role.MERCHANT));
        rules.add(rule("*", "/api/v1/invoices/**", ApiScope.INVOICES_WRITE, Role.MERCHANT));
        // The sandbox chain's outage switch and its sweeps are the operator's; paying and reorganising a payment,
        // payout or refund are a merchant's own.
        rules.add(rule("POST", "/api/v1/sandbox/chain/**", null, Role.ADMIN));
        rules.add(rule("POST", "/api/v1/sandbox/sweeps/**", null, Role.ADMIN));
        rules.add(rule("*", "/api/v1/sandbox/**", ApiScope.INVOICES_WRITE, Role.MERCHANT));
        // Money.
        rules.add(rule("GET,HEAD", "/api/v1/settlements", ApiScope.SETTLEMENTS_READ, Role.MERCHANT));
        rules.add(rule("GET,HEAD", "/api/v1/settlements/**", ApiScope.SETTLEMENTS_READ, Role.MERCHANT));
        rules.add(rule("GET,HEAD", "/api/v1/balances", ApiScope.SETTLEMENTS_READ, Role.ADMIN, Role.MERCHANT));
        // Money out: payouts and the addresses they go to.
        rules.add(rule("GET,HEAD", "/api/v1/payouts", ApiScope.PAYOUTS_READ, Role.MERCHANT));
        rules.add(rule("GET,HEAD", "/api/v1/payouts/**", ApiScope.PAYOUTS_READ, Role.MERCHANT));
        rules.add(rule("GET,HEAD", "/api/v1/payout-addresses", ApiScope.PAYOUTS_READ, Role.MERCHANT));
        rules.add(rule("*", "/api/v1/payouts", ApiScope.PAYOUTS_WRITE, Role.MERCHANT));
        rules.add(rule("*", "/api/v1/payouts/**", ApiScope.PAYOUTS_WRITE, Role.MERCHANT));
        rules.add(rule("*", "/api/v1/payout-addresses/**", ApiScope.PAYOUTS_WRITE, Role.MERCHANT));
        rules.add(rule("*", "/api/v1/payout-schedule", ApiScope.PAYOUTS_WRITE, Role.MERCHANT));
        // Integrations: webhook endpoints and their deliveries, the events API.
        rules.add(rule("*", "/api/v1/webhook-endpoints", ApiScope.WEBHOOKS_WRITE, Role.MERCHANT));
        rules.add(rule("*", "/api/v1/webhook-endpoints/**", ApiScope.WEBHOOKS_WRITE, Role.MERCHANT));
        rules.add(rule("GET,HEAD", "/api/v1/events", ApiScope.INVOICES_READ, Role.MERCHANT));
        rules.add(rule("GET,HEAD", "/api/v1/events/**", ApiScope.INVOICES_READ, Role.MERCHANT));
        // Reports and dashboard figures.
        rules.add(rule("GET,HEAD", "/api/v1/reports/**", ApiScope.REPORTS_READ, Role.ADMIN, Role.MERCHANT));
        rules.add(rule("GET,HEAD", "/api/v1/dashboard/**", ApiScope.REPORTS_READ, Role.MERCHANT));
        // Audit: auditors across merchants; a merchant key with audit:read only where the audit
        // controller itself narrows to the merchant's own aggregates.
        // Projection rebuilds: auditor and admin keys only, never a merchant's (the read models are everyone's).
        rules.add(rule("*", "/api/v1/audit/rebuilds", ApiScope.AUDIT_READ, Role.ADMIN, Role.AUDITOR));
        rules.add(rule("*", "/api/v1/audit/rebuilds/**", ApiScope.AUDIT_READ, Role.ADMIN, Role.AUDITOR));
        rules.add(rule("*", "/api/v1/audit/**", ApiScope.AUDIT_READ, Role.ADMIN, Role.AUDITOR, Role.MERCHANT));
        return new ApiAccessPolicy(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public Optional<Rule> ruleFor(String method, String path) {
        return rules.stream().filter(r -> r.matches(method, path)).findFirst();
    }

    /** Why a caller may not do something; null when it may. */
    public Refusal check(TallyPrincipal caller, String method, String path) {
        if (caller.role() == Role.AUDITOR && !READ_METHODS.contains(method.toUpperCase(Locale.ROOT))
            && !("POST".equalsIgnoreCase(method) && VERIFYING_POSTS.contains(path))) {
            return new Refusal(null, "auditor keys are read-only");
        }
        Optional<Rule> rule = ruleFor(method, path);
        if (rule.isEmpty()) {
            return null;
        }
        Rule r = rule.get();
        if (!r.roles().contains(caller.role())) {
            return new Refusal(null, "this operation needs " + describe(r.roles()));
        }
        if (r.scope() != null && caller.role() != Role.ADMIN && !caller.scopes().contains(r.scope())) {
            return new Refusal(r.scope(), "this API key lacks the scope '" + r.scope() + "'");
        }
        return null;
    }

    /** A refused request: the missing scope (null when the role is wrong) and a message for the caller. */
    public record Refusal(String missingScope, String message) {
    }

    private static String describe(Set<Role> roles) {
        List<String> names = new ArrayList<>();
        if (roles.contains(Role.ADMIN)) {
            names.add("the admin key");
        }
        if (roles.contains(Role.MERCHANT)) {
            names.add("a merchant API key");
        }
        if (roles.contains(Role.AUDITOR)) {
            names.add("an auditor API key");
        }
        return String.join(" or ", names);
    }
}
