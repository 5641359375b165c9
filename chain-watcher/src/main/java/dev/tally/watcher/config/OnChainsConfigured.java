package dev.tally.watcher.config;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when at least one chain is configured under {@code tally.chains.<name>} (none is by default). */
class OnChainsConfigured extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return ChainWatcherProperties.anyChainConfigured(context.getEnvironment())
                ? ConditionOutcome.match("chains configured under tally.chains")
                : ConditionOutcome.noMatch("no chain configured under tally.chains");
    }
}
