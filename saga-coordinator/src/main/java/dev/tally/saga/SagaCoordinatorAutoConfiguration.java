package dev.tally.saga;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/** The saga-coordinator as a library. Sagas (payment confirmation, settlement, refunds) arrive with the payments issue. */
@AutoConfiguration
@ComponentScan(basePackages = "dev.tally.saga",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class SagaCoordinatorAutoConfiguration {
}
