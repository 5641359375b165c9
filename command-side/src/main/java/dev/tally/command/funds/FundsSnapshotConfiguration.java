package dev.tally.command.funds;

import dev.tally.command.CommandSideProperties;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Snapshots of a merchant's funds, whose stream grows with every settlement and payout. They are taken on a thread of
 * their own: taken in the thread that committed, a snapshot would need a second database connection while the first
 * is still held, and concurrent payout requests could exhaust the pool waiting for each other. A snapshot is an
 * optimisation, so one that cannot be queued is dropped (the next one catches up).
 */
@Configuration(proxyBeanMethods = false)
class FundsSnapshotConfiguration {

    /** The snapshot thread, stopped with the application. Not an {@code Executor} bean, so Spring's own stays. */
    static final class FundsSnapshots implements DisposableBean {
        private final ThreadPoolExecutor executor = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1_000), runnable -> {
                    Thread thread = new Thread(runnable, "funds-snapshots");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy());

        void submit(Runnable snapshot) {
            executor.execute(snapshot);
        }

        @Override
        public void destroy() {
            executor.shutdown();
        }
    }

    @Bean
    FundsSnapshots fundsSnapshots() {
        return new FundsSnapshots();
    }

    @Bean(MerchantFunds.SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition merchantFundsSnapshotTrigger(Snapshotter snapshotter, FundsSnapshots snapshots,
                                                           CommandSideProperties properties) {
        Snapshotter apart = (type, id) -> snapshots.submit(() -> snapshotter.scheduleSnapshot(type, id));
        return new EventCountSnapshotTriggerDefinition(apart, properties.getPayouts().getFundsSnapshotAfter());
    }
}
