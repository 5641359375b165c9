package dev.tally.command.idempotency;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Deletes expired idempotency keys every hour (db-scheduler: one node runs it, also in a cluster). */
@Configuration(proxyBeanMethods = false)
class IdempotencyKeyPurge {

    @Bean
    RecurringTask<Void> purgeExpiredIdempotencyKeys(IdempotencyKeys keys) {
        return Tasks.recurring("purge-expired-idempotency-keys", FixedDelay.of(Duration.ofHours(1)))
                    .execute((instance, context) -> keys.purgeExpired());
    }
}
