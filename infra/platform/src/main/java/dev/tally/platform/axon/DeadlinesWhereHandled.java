package dev.tally.platform.axon;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;

import com.github.kagkarlsson.scheduler.task.AbstractTask;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A db-scheduler task run only by a process that handles the execution: where services run apart, every process
 * polls the one table of scheduled tasks, but an invoice's expiry is the command side's to handle and a saga's
 * deadline the saga coordinator's. Axon's deadline task hands a deadline to whichever process picked it, and one with
 * no handler for the deadline's scope drops it without a word. Wrapped so, a process that has none puts the
 * execution back, due again after {@code passOn}, for one that has; the task's name, data, failure and dead-execution
 * handling stay the wrapped task's.
 */
final class DeadlinesWhereHandled<T> extends AbstractTask<T> {
    private static final Logger log = LoggerFactory.getLogger(DeadlinesWhereHandled.class);

    private final Task<T> task;
    private final Predicate<T> handledHere;
    private final Duration passOn;
    private final Clock clock;

    DeadlinesWhereHandled(Task<T> task, Predicate<T> handledHere, Duration passOn, Clock clock) {
        super(task.getName(), task.getDataClass(), task.getFailureHandler(), task.getDeadExecutionHandler(),
              task.getDefaultPriority());
        this.task = task;
        this.handledHere = handledHere;
        this.passOn = passOn;
        this.clock = clock;
    }

    @Override
    public SchedulableInstance<T> schedulableInstance(String id) {
        return task.schedulableInstance(id);
    }

    @Override
    public SchedulableInstance<T> schedulableInstance(String id, T data) {
        return task.schedulableInstance(id, data);
    }

    @Override
    public CompletionHandler<T> execute(TaskInstance<T> instance, ExecutionContext context) {
        if (handledHere.test(instance.getData())) {
            return task.execute(instance, context);
        }
        log.debug("{} is not handled in this process; due again in {} for one that handles it", instance, passOn);
        return (complete, operations) -> operations.reschedule(complete, clock.instant().plus(passOn));
    }
}
