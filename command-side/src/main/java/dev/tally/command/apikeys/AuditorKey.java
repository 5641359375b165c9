package dev.tally.command.apikeys;

import dev.tally.kernel.access.ApiKeyRules;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.access.AuditorKeyIssued;
import dev.tally.kernel.access.AuditorKeyRevoked;
import dev.tally.kernel.access.IssueAuditorKey;
import dev.tally.kernel.access.RevokeAuditorKey;
import dev.tally.kernel.ids.ApiKeyId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An auditor's API key. Merchant keys live in their merchant's aggregate (the merchant is their consistency
 * boundary: whose key it is, how many are active); an auditor key belongs to no merchant, so it is an aggregate of
 * its own.
 */
@Aggregate
public class AuditorKey {

    @AggregateIdentifier
    private ApiKeyId apiKeyId;
    private boolean active;

    protected AuditorKey() {
        // for Axon
    }

    @CommandHandler
    public AuditorKey(IssueAuditorKey command, Clock clock) {
        String name = ApiKeyRules.checkedName(command.name());
        List<String> scopes = ApiKeyRules.checkedScopes(command.scopes(), ApiScope.AUDITOR);
        apply(new AuditorKeyIssued(command.apiKeyId(), name, command.prefix(), command.secretHash(), scopes,
                                   clock.instant()));
    }

    @CommandHandler
    public void handle(RevokeAuditorKey command, Clock clock) {
        if (active) {
            apply(new AuditorKeyRevoked(apiKeyId, clock.instant()));
        }
    }

    @EventSourcingHandler
    void on(AuditorKeyIssued event) {
        this.apiKeyId = event.apiKeyId();
        this.active = true;
    }

    @EventSourcingHandler
    void on(AuditorKeyRevoked event) {
        this.active = false;
    }
}
