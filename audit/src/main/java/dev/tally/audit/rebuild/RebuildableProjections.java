package dev.tally.audit.rebuild;

import dev.tally.platform.axon.ReadModel;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which event processors are read models that a rebuild may replay: streaming processors whose every handler class
 * is marked {@link ReadModel}. Sagas (their invoker is a saga manager), subscribing processors and any processor with
 * an unmarked handler (the hash chain, the watcher's addresses, integrations, caches) are never replayed. Found through
 * Axon's configuration by name, so the audit module needs none of the query side's classes.
 */
@Component
public class RebuildableProjections {
    private final Configuration axon;

    public RebuildableProjections(Configuration axon) {
        this.axon = axon;
    }

    /** The names of the rebuildable processors (each a processing group of the same name), sorted. */
    public List<String> names() {
        return axon.eventProcessingConfiguration().eventProcessors().entrySet().stream()
                   .filter(e -> rebuildable(e.getValue()))
                   .map(Map.Entry::getKey)
                   .sorted()
                   .toList();
    }

    /** The processor of a rebuildable projection, or empty when there is none of that name. */
    public Optional<AbstractEventProcessor> processor(String name) {
        return axon.eventProcessingConfiguration().<EventProcessor>eventProcessor(name)
                   .filter(RebuildableProjections::rebuildable)
                   .map(AbstractEventProcessor.class::cast);
    }

    static boolean rebuildable(EventProcessor processor) {
        return processor instanceof StreamingEventProcessor
               && processor instanceof AbstractEventProcessor abstractProcessor
               && onlyReadModels(abstractProcessor.eventHandlerInvoker());
    }

    private static boolean onlyReadModels(EventHandlerInvoker invoker) {
        if (invoker instanceof MultiEventHandlerInvoker multi) {
            return !multi.delegates().isEmpty() && multi.delegates().stream()
                                                        .allMatch(RebuildableProjections::onlyReadModels);
        }
        if (invoker instanceof SimpleEventHandlerInvoker simple) {
            List<EventMessageHandler> handlers = simple.eventHandlers();
            return !handlers.isEmpty() && handlers.stream().allMatch(RebuildableProjections::isReadModel);
        }
        return false;
    }

    private static boolean isReadModel(EventMessageHandler handler) {
        Class<?> type = handler.getTargetType();
        return type != null && ClassUtils.getUserClass(type).isAnnotationPresent(ReadModel.class);
    }
}
