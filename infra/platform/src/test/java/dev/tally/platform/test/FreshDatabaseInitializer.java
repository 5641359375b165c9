package dev.tally.platform.test;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives each Spring test context a database of its own, dropped when the test JVM exits. Use with
 * {@code @ContextConfiguration(initializers = FreshDatabaseInitializer.class)}.
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
        // Spring keeps test contexts cached until the JVM exits; the database goes with them (FORCE closes
        // whatever connections the pool still holds).
        Runtime.getRuntime().addShutdownHook(new Thread(database::close));
    }
}
