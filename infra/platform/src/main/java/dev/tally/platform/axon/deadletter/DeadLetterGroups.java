package dev.tally.platform.axon.deadletter;

import dev.tally.platform.axon.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

import java.util.Set;
import java.util.TreeSet;

/**
 * The processing groups that park failing events: those of every read model ({@link ReadModel}, unless it says
 * otherwise) and of every handler class marked {@link DeadLettered}. Found among the context's beans (without creating any) the first time
 * Axon asks, when every module's handlers are known.
 */
public class DeadLetterGroups {
    private final ListableBeanFactory beans;
    private final boolean enabled;
    private volatile Set<String> names;

    public DeadLetterGroups(ListableBeanFactory beans, boolean enabled) {
        this.beans = beans;
        this.enabled = enabled;
    }

    public Set<String> names() {
        Set<String> found = names;
        if (found == null) {
            found = new TreeSet<>();
            if (enabled) {
                for (String bean : beans.getBeanNamesForAnnotation(ProcessingGroup.class)) {
                    Class<?> type = beans.getType(bean, false);
                    if (type != null && isDeadLettered(type)) {
                        found.add(ClassUtils.getUserClass(type).getAnnotation(ProcessingGroup.class).value());
                    }
                }
            }
            found = Set.copyOf(found);
            names = found;
        }
        return found;
    }

    public boolean contains(String group) {
        return names().contains(group);
    }

    /** Whether handlers of this class park failing events (and so run in a savepoint of their own). */
    public boolean isDeadLettered(Class<?> handlerClass) {
        Class<?> type = ClassUtils.getUserClass(handlerClass);
        ReadModel readModel = type.getAnnotation(ReadModel.class);
        return enabled && type.getAnnotation(ProcessingGroup.class) != null
               && ((readModel != null && readModel.deadLettered()) || type.isAnnotationPresent(DeadLettered.class));
    }
}
