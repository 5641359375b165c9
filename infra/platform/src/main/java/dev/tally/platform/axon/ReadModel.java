package dev.tally.platform.axon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event handler class as a read model that may be rebuilt from the event store (docs/audit.md, "Rebuilds"):
 * it only reads events and writes its own tables, clears them in its {@code @ResetHandler}, and takes every value
 * from the events, so replaying the whole stream yields the same rows and causes nothing else (no command, no
 * message, no call out). A processing group is rebuildable only when every handler class in it carries this mark;
 * sagas and handlers with side effects never do.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadModel {
    /**
     * Whether a failing event parks its sequence in the dead-letter queue (docs/operations.md) instead of stopping the
     * segment until it succeeds. Off for a read model whose handlers a savepoint cannot isolate: one that writes
     * through JPA (flushed at commit, and a failed flush dooms the whole transaction), one that keeps state across
     * a batch in memory (the ledger's journal), or one whose events form a single sequence (parking one would park
     * everything after it).
     */
    boolean deadLettered() default true;
}
