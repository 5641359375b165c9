package dev.tally.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.function.Supplier;

/** Applies the {@link ApiAccessPolicy} to every {@code /api/**} request that is not public. */
class ApiAccessAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {
    private final ApiAccessPolicy policy;

    ApiAccessAuthorizationManager(ApiAccessPolicy policy) {
        this.policy = policy;
    }

    /** A refusal that remembers why, so the 403 can say which scope is missing. */
    static final class Refused extends AuthorizationDecision {
        private final ApiAccessPolicy.Refusal refusal;

        Refused(ApiAccessPolicy.Refusal refusal) {
            super(false);
            this.refusal = refusal;
        }

        ApiAccessPolicy.Refusal refusal() {
            return refusal;
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        Authentication auth = authentication.get();
        if (auth == null || !auth.isAuthenticated() || !(auth.getPrincipal() instanceof TallyPrincipal caller)) {
            return new AuthorizationDecision(false);
        }
        HttpServletRequest request = context.getRequest();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        ApiAccessPolicy.Refusal refusal = policy.check(caller, request.getMethod(), path);
        return refusal == null ? new AuthorizationDecision(true) : new Refused(refusal);
    }
}
