package dev.tally.platform.test;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives each Spring test context a database of its own, dropped when the context closes (at the latest when the test
 * JVM exits). Use with {@code @ContextConfiguration(initializers = FreshDatabaseInitializer.class)}.
 */
public class FreshDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase database = TestDatabase.create();
        TestPropertyValues.of(
                "spring.datasource.url=" + database.url(),
                "spring.datasource.username=" + database.user(),
                "spring.datasource.password=" + database.password()
        ).applyTo(context.getEnvironment());
        // Dropped as the context's last act: disposable beans go in reverse order of registration, and this one is
        // registered before any bean exists, so the connection pool is closed first. (Dropped from a JVM shutdown
        // hook instead, the drop raced the context's own close: the pool kept trying to reconnect to a database
        // that was gone, and the test JVM could not exit.)
        if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
            beans.registerDisposableBean("freshTestDatabase", database::close);
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(database::close));
        }
    }
}
