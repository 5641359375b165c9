package dev.tally.platform.axon.deadletter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event handler class whose processing group parks a failing event in the dead-letter queue, with every
 * later event of the same sequence, instead of stopping its segment: one merchant's poison event must not stop the
 * others'. Read models ({@link dev.tally.platform.axon.ReadModel}) are dead-lettered without this mark; side-effecting
 * processors that may skip ahead of a parked sequence carry it. Sagas and subscribing processors never do (a saga's
 * refusal is an event of its own; a subscribing processor's failure fails the command that caused it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DeadLettered {
}
