package dev.tally.platform.security;

import dev.tally.kernel.access.AuditorKeyRevoked;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.merchant.ApiKeyRevoked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Drops revoked keys from this node's cache. Subscribing, so it runs in the revoking command's unit of work, and it
 * forgets the key only after that commits: a request racing the revocation could otherwise cache the key again from
 * a table that does not show the revocation yet.
 */
@ProcessingGroup(ApiKeyCacheInvalidation.GROUP)
public class ApiKeyCacheInvalidation {
    public static final String GROUP = "api-key-cache";

    private final ApiKeyAuthenticationProvider provider;

    public ApiKeyCacheInvalidation(ApiKeyAuthenticationProvider provider) {
        this.provider = provider;
    }

    @EventHandler
    void on(ApiKeyRevoked event) {
        forgetAfterCommit(event.apiKeyId());
    }

    @EventHandler
    void on(AuditorKeyRevoked event) {
        forgetAfterCommit(event.apiKeyId());
    }

    private void forgetAfterCommit(ApiKeyId id) {
        provider.forget(id);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> provider.forget(id));
        }
    }
}
