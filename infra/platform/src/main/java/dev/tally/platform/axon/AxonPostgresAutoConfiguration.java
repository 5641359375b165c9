package dev.tally.platform.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import dev.tally.platform.axon.deadletter.DeadLetterController;
import dev.tally.platform.axon.deadletter.DeadLetterGroups;
import dev.tally.platform.axon.deadletter.DeadLetterHealth;
import dev.tally.platform.axon.deadletter.DeadLetterRetries;
import dev.tally.platform.axon.deadletter.DeadLettered;
import dev.tally.platform.axon.deadletter.DeadLetters;
import dev.tally.platform.axon.deadletter.SavepointPerHandler;
import dev.tally.platform.axon.deadletter.TransientFailures;
import dev.tally.platform.axon.notify.EventsAvailable;
import dev.tally.platform.axon.notify.NotifyingEmbeddedEventStore;
import dev.tally.platform.axon.notify.NotifyingJdbcEventStorageEngine;
import dev.tally.platform.axon.upcasting.AddedFieldUpcaster;
import dev.tally.platform.axon.upcasting.PaymentIncludedInBlockUpcaster;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.SagaConfiguration;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.TokenStoreProperties;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration;
import org.axonframework.springboot.util.DeadLetterQueueProviderConfigurerModule;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Axon on PostgreSQL: the JDBC storage engine, token store, saga store and
 * dead-letter queue on tables that Flyway owns (schema {@code eventstore}, bytea payloads, BIGSERIAL global index),
 * all joining the Spring transaction; one Jackson serializer for everything; pooled streaming processors; and
 * event handler errors that propagate (the processor retries the batch) instead of being logged and skipped.
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class, JpaAutoConfiguration.class,
        JpaEventStoreAutoConfiguration.class, AxonDbSchedulerAutoConfiguration.class})
@EnableConfigurationProperties({TokenStoreProperties.class, TallyAxonProperties.class})
public class AxonPostgresAutoConfiguration {

    public static final String SCHEMA = "eventstore";
    /** How soon a deadline that a process does not handle is due again, for a process that does. */
    static final Duration DEADLINE_PASSED_ON_AFTER = Duration.ofSeconds(1);

    /**
     * Commands sent again, up to {@code tally.axon.command-retries} times, when their aggregate's events were refused
     * because another node appended to it at the same moment (optimistic concurrency on the event table's unique
     * aggregate and sequence): the command is handled again on the aggregate as it now is, and decides again. Only
     * that conflict is retried, and only for a caller outside a transaction (a request); a refusal of the aggregate's
     * own, or any other failure, answers at once. On one node the aggregate's lock already serialises its commands.
     */
    @Bean
    @ConditionalOnMissingBean
    public CommandGateway commandGateway(CommandBus commandBus, TallyAxonProperties properties,
                                         CommandRetries retries) {
        RetryScheduler scheduler = IntervalRetryScheduler.builder()
                .retryExecutor(retries.executor())
                .retryInterval((int) properties.getCommandRetryInterval().toMillis())
                .maxRetryCount(properties.getCommandRetries())
                // Which failures are retried is decided below, on the whole chain of causes (the scheduler would
                // test each cause alone, and the database's error under the conflict is no conflict itself).
                .nonTransientFailurePredicate(failure -> false)
                .build();
        // A command sent inside a caller's transaction (an event handler's, a sender's) is not retried apart from it:
        // the conflict aborted that transaction, which fails and is retried as a whole. (The local command bus
        // answers on the caller's thread, where this is decided.)
        RetryScheduler outsideTransactions = (command, failure, failures, dispatch) ->
                concurrentAppend(failure) && !TransactionSynchronizationManager.isActualTransactionActive()
                && !CurrentUnitOfWork.isStarted() && scheduler.scheduleRetry(command, failure, failures, dispatch);
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(outsideTransactions).build();
    }

    /** The threads that send commands again; shut down with the context. */
    @Bean
    @ConditionalOnMissingBean
    public CommandRetries commandRetries() {
        AtomicInteger threads = new AtomicInteger();
        return new CommandRetries(Executors.newScheduledThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "tally-command-retries-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** The executor of command retries, closed (its threads stopped) with the context. */
    public record CommandRetries(ScheduledExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    /** Whether the failure, or what caused it, is the event store refusing a concurrent append. */
    static boolean concurrentAppend(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The mapper for stored messages, separate from the web's (and deliberately not a bean, which would displace
     * Spring Boot's) so that an HTTP setting can never change how events are written. No default typing.
     */
    static ObjectMapper storedMessageMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return JacksonSerializer.builder()
                                .objectMapper(storedMessageMapper())
                                .revisionResolver(new AnnotationRevisionResolver())
                                .build();
    }

    @Bean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeyResolver();
    }

    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                          .eventTable(SCHEMA + ".domain_event_entry")
                          .snapshotTable(SCHEMA + ".snapshot_event_entry")
                          .globalIndexColumn("global_index")
                          .timestampColumn("time_stamp")
                          .eventIdentifierColumn("event_identifier")
                          .aggregateIdentifierColumn("aggregate_identifier")
                          .sequenceNumberColumn("sequence_number")
                          .typeColumn("type")
                          .payloadTypeColumn("payload_type")
                          .payloadRevisionColumn("payload_revision")
                          .payloadColumn("payload")
                          .metaDataColumn("meta_data")
                          .build();
    }

    @Bean
    public EventStorageEngine eventStorageEngine(Serializer serializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 EventSchema eventSchema,
                                                 TallyAxonProperties properties,
                                                 EventsAvailable eventsAvailable) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                                     .snapshotSerializer(serializer)
                                     .eventSerializer(eventSerializer)
                                     .upcasterChain(configuration.upcasterChain())
                                     .snapshotFilter(configuration.snapshotFilter())
                                     .persistenceExceptionResolver(persistenceExceptionResolver)
                                     .connectionProvider(connectionProvider)
                                     .transactionManager(transactionManager)
                                     .schema(eventSchema)
                                     .dataType(byte[].class)
                                     .batchSize(properties.getEventBatchSize());
        return new NotifyingJdbcEventStorageEngine(builder, eventsAvailable);
    }

    /** Wakes this node's event processors when events arrive (see {@link NotifyingEmbeddedEventStore}). */
    @Bean(destroyMethod = "close")
    public EventsAvailable eventsAvailable() {
        return new EventsAvailable(EventsAvailable.SAFETY_TICK);
    }

    /**
     * Axon's embedded event store, with processors woken at commit instead of polling, and the store read every
     * {@code tally.axon.fetch-delay} for events that other nodes wrote. Named and qualified as Axon's own.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                         EventsAvailable eventsAvailable, TallyAxonProperties properties) {
        return new NotifyingEmbeddedEventStore(
                EmbeddedEventStore.builder()
                                  .storageEngine(storageEngine)
                                  .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                                  .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                                  .fetchDelay(properties.getFetchDelay().toMillis()),
                eventsAvailable);
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                          .setTokenTable(SCHEMA + ".token_entry")
                          .setProcessorNameColumn("processor_name")
                          .setSegmentColumn("segment")
                          .setTokenColumn("token")
                          .setTokenTypeColumn("token_type")
                          .setTimestampColumn("time_stamp")
                          .setOwnerColumn("owner")
                          .build();
    }

    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                                 TokenSchema tokenSchema, TokenStoreProperties tokenStoreProperties) {
        return JdbcTokenStore.builder()
                             .connectionProvider(connectionProvider)
                             .serializer(serializer)
                             .schema(tokenSchema)
                             .contentType(byte[].class)
                             .claimTimeout(tokenStoreProperties.getClaimTimeout())
                             .build();
    }

    @Bean
    public SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer) {
        SagaSchema schema = SagaSchema.builder()
                                      .sagaEntryTable(SCHEMA + ".saga_entry")
                                      .associationValueEntryTable(SCHEMA + ".association_value_entry")
                                      .revisionColumn("revision")
                                      .serializedSagaColumn("serialized_saga")
                                      .associationKeyColumn("association_key")
                                      .associationValueColumn("association_value")
                                      .sagaIdColumn("saga_id")
                                      .sagaTypeColumn("saga_type")
                                      .build();
        return JdbcSagaStore.builder()
                            .connectionProvider(connectionProvider)
                            .sqlSchema(new PostgresSagaSqlSchema(schema))
                            .serializer(serializer)
                            .build();
    }

    @Bean
    public DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder().deadLetterTable(SCHEMA + ".dead_letter_entry").build();
    }

    // ---------------------------------------------------------------- dead letters (docs/operations.md)

    @Bean
    public DeadLetterGroups deadLetterGroups(ListableBeanFactory beans, TallyAxonProperties properties) {
        return new DeadLetterGroups(beans, properties.getDeadLetters().isEnabled());
    }

    /**
     * A dead-letter queue on PostgreSQL for every read model and every processor marked {@link DeadLettered}: a
     * failing event parks its own sequence and everything else flows. Failures of the environment are not parked
     * but retried where they happened ({@link TransientFailures}). Declared as Axon's own module type, so that
     * Axon's property-driven module does not replace it.
     */
    @Bean
    public DeadLetterQueueProviderConfigurerModule deadLetterQueueProviderConfigurerModule(
            EventProcessorProperties eventProcessorProperties,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            DeadLetterSchema schema,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            Serializer genericSerializer,
            DeadLetterGroups groups) {
        Function<String, Function<Configuration, SequencedDeadLetterQueue<EventMessage<?>>>> provider =
                processingGroup -> !groups.contains(processingGroup) ? null
                        : config -> JdbcSequencedDeadLetterQueue.builder()
                                                                .processingGroup(processingGroup)
                                                                .connectionProvider(connectionProvider)
                                                                .transactionManager(transactionManager)
                                                                .schema(schema)
                                                                .genericSerializer(genericSerializer)
                                                                .eventSerializer(eventSerializer)
                                                                .build();
        return new DeadLetterQueueProviderConfigurerModule(eventProcessorProperties, provider) {
            @Override
            public void configureModule(Configurer configurer) {
                configurer.eventProcessing()
                          .registerDeadLetterQueueProvider(provider)
                          .registerDefaultDeadLetterPolicy(config -> new TransientFailures());
            }
        };
    }

    /** Each handler of a dead-lettered class runs in a savepoint, so a failed statement can be parked. */
    @Bean
    public SavepointPerHandler savepointPerHandler(DataSource dataSource, DeadLetterGroups groups) {
        return new SavepointPerHandler(dataSource, groups::isDeadLettered);
    }

    @Bean
    public DeadLetters deadLetters(JdbcClient jdbc, EventProcessingConfiguration processing, DeadLetterGroups groups,
                                   Clock clock) {
        return new DeadLetters(jdbc, processing, groups, clock, Duration.ofSeconds(5));
    }

    @Bean
    public DeadLetterRetries deadLetterRetries(DeadLetters deadLetters, DeadLetterGroups groups,
                                               TallyAxonProperties properties, Clock clock) {
        TallyAxonProperties.DeadLetters settings = properties.getDeadLetters();
        return new DeadLetterRetries(deadLetters, groups, settings.getRetryInterval(),
                                     settings.getRetrySequencesMax(), clock);
    }

    @Bean
    public DeadLetterController deadLetterController(DeadLetters deadLetters, DeadLetterGroups groups, Clock clock) {
        return new DeadLetterController(deadLetters, groups, clock);
    }

    @Bean("deadLettersHealthIndicator")
    public DeadLetterHealth deadLettersHealthIndicator(DeadLetters deadLetters) {
        return new DeadLetterHealth(deadLetters);
    }

    /** {@code tally.dead.letters{group}}: parked events per group that parks them (zero included), for alerts. */
    @Bean
    public MeterBinder deadLetterGauges(DeadLetters deadLetters, DeadLetterGroups groups) {
        return registry -> groups.names().forEach(group -> Gauge
                .builder("tally.dead.letters", deadLetters, d -> d.countsByGroup().getOrDefault(group, 0L))
                .description("Events parked in the dead-letter queue")
                .tag("group", group)
                .register(registry));
    }

    /**
     * Pooled streaming processors by default, and handler errors propagate: the processor rolls the batch back and
     * retries it with back-off, so no event is silently skipped.
     */
    @Bean
    public ConfigurerModule tallyEventProcessingConfigurer(TallyAxonProperties properties) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .usingPooledStreamingEventProcessors((config, builder) -> builder
                        .initialSegmentCount(properties.getInitialSegmentCount())
                        .batchSize(properties.getProcessorBatchSize()))
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(c -> PropagatingErrorHandler.instance()));
    }

    /**
     * The persistent deadline manager, declared with its concrete type: db-scheduler's task looks it up by that
     * class, and after a restart an overdue deadline runs before anything else has asked for the manager. Declared
     * as a plain DeadlineManager (Axon's default), the lookup fails and the deadline slips by minutes.
     */
    @Bean
    public DbSchedulerDeadlineManager deadlineManager(Scheduler scheduler, Configuration configuration,
                                                      @Qualifier("eventSerializer") Serializer serializer,
                                                      TransactionManager transactionManager,
                                                      DeadlineManagerSpanFactory spanFactory) {
        DbSchedulerDeadlineManager manager = DbSchedulerDeadlineManager.builder()
                                         .scheduler(scheduler)
                                         .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                                         .serializer(serializer)
                                         .transactionManager(transactionManager)
                                         .spanFactory(spanFactory)
                                         // db-scheduler's Spring integration starts and stops the scheduler
                                         .startScheduler(false)
                                         .stopScheduler(false)
                                         .build();
        // Whatever a deadline causes is stamped "deadline:<name>", in the causal chain of what scheduled it.
        manager.registerHandlerInterceptor(new AuditActorInterceptor<DeadlineMessage<?>>(
                deadline -> "deadline:" + deadline.getDeadlineName(), auditCorrelationProviders()));
        return manager;
    }

    /**
     * Axon's deadline task, run only by a process that handles the deadline's scope ({@link DeadlinesWhereHandled}):
     * one without its aggregate or saga (a service deployed apart) passes it on instead of dropping it. Declared
     * under Axon's qualifier, in place of Axon's own.
     */
    @Bean
    @Qualifier("deadlineDetailsTask")
    public Task<DbSchedulerBinaryDeadlineDetails> dbSchedulerDeadlineDetailsTask(
            ApplicationContext context, Configuration configuration,
            @Qualifier("eventSerializer") Serializer serializer, Clock clock) {
        ScopeAwareProvider scopes = new ConfigurationScopeAwareProvider(configuration);
        return new DeadlinesWhereHandled<>(
                DbSchedulerDeadlineManager.binaryTask(() -> context.getBean(DbSchedulerDeadlineManager.class)),
                details -> {
                    ScopeDescriptor scope = details.getDeserializedScopeDescriptor(serializer);
                    return scopes.provideScopeAwareStream(scope).anyMatch(handler -> handler.canResolve(scope));
                },
                DEADLINE_PASSED_ON_AFTER, clock);
    }

    @Bean
    public MessageHandlerInterceptor<CommandMessage<?>> domainExceptionWrappingInterceptor() {
        return new DomainExceptionWrappingInterceptor();
    }

    // ---------------------------------------------------------------- audit metadata (docs/audit.md)

    private static List<CorrelationDataProvider> auditCorrelationProviders() {
        return List.of(new MessageOriginProvider(AuditMetadata.CAUSATION_ID, AuditMetadata.CORRELATION_ID),
                       new AuditCorrelationDataProvider());
    }

    /**
     * Replaces Axon's default origin provider with our key names: Axon's {@code correlationId} (the direct cause) is
     * our {@code causationId}, its {@code traceId} (the root) our {@code correlationId}.
     */
    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(AuditMetadata.CAUSATION_ID, AuditMetadata.CORRELATION_ID);
    }

    @Bean
    public CorrelationDataProvider auditCorrelationDataProvider() {
        return new AuditCorrelationDataProvider();
    }

    @Bean
    public MessageDispatchInterceptor<CommandMessage<?>> auditCommandDispatchInterceptor() {
        return new AuditCommandDispatchInterceptor();
    }

    /** Commands sent by a saga carry {@code saga:<SagaType>}; by another event handler {@code processor:<name>}. */
    @Bean
    public ConfigurerModule auditActorConfigurer() {
        Map<String, String> actors = new ConcurrentHashMap<>();
        return configurer -> configurer.eventProcessing(processing -> processing.registerDefaultHandlerInterceptor(
                (config, processorName) -> new AuditActorInterceptor<EventMessage<?>>(
                        event -> actors.computeIfAbsent(processorName, name -> actorOf(config, name)), List.of())));
    }

    private static String actorOf(Configuration config, String processorName) {
        for (SagaConfiguration<?> saga : config.eventProcessingConfiguration().sagaConfigurations()) {
            if (processorName.equals(saga.processingGroup()) || processorName.equals(saga.eventProcessor().getName())) {
                return "saga:" + saga.type().getSimpleName();
            }
        }
        return "processor:" + processorName;
    }

    /** Schema evolution: every upcaster of a stored event revision (docs/audit.md). */
    @Bean
    public PaymentIncludedInBlockUpcaster paymentIncludedInBlockUpcaster() {
        return new PaymentIncludedInBlockUpcaster();
    }

    @Bean
    public AddedFieldUpcaster paymentDetectedBlockTimeUpcaster() {
        return AddedFieldUpcaster.paymentDetectedBlockTime();
    }

    @Bean
    public AddedFieldUpcaster invoicePaymentDetectedStatusAfterUpcaster() {
        return AddedFieldUpcaster.invoicePaymentDetectedStatusAfter();
    }

    @Bean
    public AddedFieldUpcaster invoicePaidSettlementIdUpcaster() {
        return AddedFieldUpcaster.invoicePaidSettlementId();
    }
}
