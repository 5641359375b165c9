package dev.tally.query;

import dev.tally.query.attention.AttentionProjection;
import dev.tally.query.checkout.InvoiceSummaryProjection;
import dev.tally.query.dashboard.MerchantDashboardProjection;
import dev.tally.query.report.ConfirmationStatsProjection;
import dev.tally.query.report.DailySettlementMetricsProjection;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.reflect.RecordComponent;

/**
 * Which events of the dashboard and report read models one segment handles in order. Their rows gather events of
 * several aggregates (an invoice's summary takes its payments' confirmations; a merchant's totals take its
 * settlements), so they are sequenced by what the row is keyed on; the confirmation statistics recompute a merchant's
 * whole days and are sequenced by merchant. Changing a policy moves events between segments: do it only with a rebuild.
 */
@Configuration(proxyBeanMethods = false)
class ReadModelSequencing {

    @Bean
    ConfigurerModule readModelSequencingPolicies() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSequencingPolicy(MerchantDashboardProjection.GROUP, c -> byField("merchantId"))
                .registerSequencingPolicy(DailySettlementMetricsProjection.GROUP, c -> byField("merchantId"))
                .registerSequencingPolicy(InvoiceSummaryProjection.GROUP, c -> byField("invoiceId"))
                .registerSequencingPolicy(AttentionProjection.GROUP, c -> byField("invoiceId"))
                .registerSequencingPolicy(ConfirmationStatsProjection.GROUP, c -> byField("merchantId")));
    }

    /** The value of the event record's component {@code name}; per aggregate for events without one. */
    static SequencingPolicy<EventMessage<?>> byField(String name) {
        return event -> {
            Object payload = event.getPayload();
            if (payload != null && payload.getClass().isRecord()) {
                for (RecordComponent component : payload.getClass().getRecordComponents()) {
                    if (component.getName().equals(name)) {
                        try {
                            Object value = component.getAccessor().invoke(payload);
                            if (value != null) {
                                return value.toString();
                            }
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException("cannot read " + name + " of " + payload.getClass(), e);
                        }
                    }
                }
            }
            return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
        };
    }
}
