package dev.tally.platform.security;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.MerchantId;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiAccessPolicyTest {
    private static final ApiAccessPolicy POLICY = ApiAccessPolicy.tally();
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final ApiKeyId KEY = ApiKeyId.of("key_7Hs2Kd9QwE4rTy6u");

    private static TallyPrincipal merchant(String... scopes) {
        return new TallyPrincipal(Role.MERCHANT, MERCHANT, KEY, Set.of(scopes));
    }

    private static TallyPrincipal auditor() {
        return new TallyPrincipal(Role.AUDITOR, null, KEY, Set.copyOf(ApiScope.AUDITOR));
    }

    @Test
    void aMerchantKeyNeedsTheScopeOfTheOperation() {
        assertThat(POLICY.check(merchant(ApiScope.INVOICES_READ), "GET", "/api/v1/invoices/inv_x")).isNull();
        var refusal = POLICY.check(merchant(ApiScope.INVOICES_READ), "POST", "/api/v1/invoices");
        assertThat(refusal.missingScope()).isEqualTo(ApiScope.INVOICES_WRITE);
        assertThat(refusal.message()).contains("invoices:write");
        assertThat(POLICY.check(merchant(ApiScope.INVOICES_WRITE), "GET", "/api/v1/invoices").missingScope())
                .isEqualTo(ApiScope.INVOICES_READ);
        assertThat(POLICY.check(merchant(ApiScope.INVOICES_READ), "GET", "/api/v1/settlements").missingScope())
                .isEqualTo(ApiScope.SETTLEMENTS_READ);
        assertThat(POLICY.check(merchant(), "POST", "/api/v1/webhook-endpoints").missingScope())
                .isEqualTo(ApiScope.WEBHOOKS_WRITE);
        assertThat(POLICY.check(merchant(), "GET", "/api/v1/reports/daily").missingScope())
                .isEqualTo(ApiScope.REPORTS_READ);
    }

    @Test
    void rolesAreCheckedBeforeScopes() {
        assertThat(POLICY.check(merchant(ApiScope.ALL.toArray(String[]::new)), "POST", "/api/v1/merchants"))
                .satisfies(r -> {
                    assertThat(r.missingScope()).isNull();
                    assertThat(r.message()).contains("admin key");
                });
        assertThat(POLICY.check(TallyPrincipal.admin(), "POST", "/api/v1/merchants")).isNull();
        assertThat(POLICY.check(TallyPrincipal.admin(), "GET", "/api/v1/invoices").message())
                .contains("merchant API key");
        assertThat(POLICY.check(TallyPrincipal.admin(), "GET", "/api/v1/balances")).isNull();
        assertThat(POLICY.check(merchant(), "GET", "/api/v1/api-keys")).isNull();
    }

    @Test
    void auditorKeysOnlyReadAndOnlyWhereAllowed() {
        assertThat(POLICY.check(auditor(), "GET", "/api/v1/audit/aggregates/inv_x/events")).isNull();
        assertThat(POLICY.check(auditor(), "POST", "/api/v1/audit/rebuild").message()).contains("read-only");
        // Verification runs only read: an auditor's job.
        assertThat(POLICY.check(auditor(), "POST", "/api/v1/audit/verify")).isNull();
        assertThat(POLICY.check(auditor(), "POST", "/api/v1/audit/checkpoints/verify")).isNull();
        // A projection rebuild recomputes read models and changes no fact: auditors and the admin, never merchants.
        assertThat(POLICY.check(auditor(), "POST", "/api/v1/audit/rebuilds")).isNull();
        assertThat(POLICY.check(auditor(), "GET", "/api/v1/audit/rebuilds/rbd_x")).isNull();
        assertThat(POLICY.check(auditor(), "DELETE", "/api/v1/audit/rebuilds/rbd_x").message()).contains("read-only");
        assertThat(POLICY.check(TallyPrincipal.admin(), "POST", "/api/v1/audit/rebuilds")).isNull();
        assertThat(POLICY.check(merchant(ApiScope.AUDIT_READ), "POST", "/api/v1/audit/rebuilds").message())
                .contains("auditor API key");
        assertThat(POLICY.check(merchant(ApiScope.AUDIT_READ), "GET", "/api/v1/audit/rebuilds").message())
                .contains("auditor API key");
        assertThat(POLICY.check(auditor(), "DELETE", "/api/v1/api-keys/key_x").message()).contains("read-only");
        assertThat(POLICY.check(auditor(), "GET", "/api/v1/invoices").missingScope()).isNull();
        assertThat(POLICY.check(new TallyPrincipal(Role.AUDITOR, null, KEY, Set.of(ApiScope.INVOICES_READ)),
                                "GET", "/api/v1/audit/x").missingScope()).isEqualTo(ApiScope.AUDIT_READ);
    }

    @Test
    void unknownPathsHaveNoRuleAndTheFirstMatchingRuleDecides() {
        assertThat(POLICY.ruleFor("GET", "/api/v1/unheard-of")).isEmpty();
        assertThat(POLICY.check(merchant(), "GET", "/api/v1/unheard-of")).isNull();
        assertThat(POLICY.ruleFor("POST", "/api/v1/invoices/inv_x/cancel")).get()
                .satisfies(rule -> assertThat(rule.scope()).isEqualTo(ApiScope.INVOICES_WRITE));
        assertThat(POLICY.ruleFor("HEAD", "/api/v1/invoices")).get()
                .satisfies(rule -> assertThat(rule.scope()).isEqualTo(ApiScope.INVOICES_READ));
    }
}
