package dev.tally.platform.config;

import org.springframework.core.env.Environment;

/**
 * Whether this deployment takes test traffic: {@code tally.sandbox.enabled}, on unless set to {@code false}. The
 * sandbox chain, the command side's test keys and the start-up notice read the same setting here.
 */
public final class TestMode {
    public static final String PROPERTY = "tally.sandbox.enabled";

    private TestMode() {
    }

    public static boolean on(Environment environment) {
        return environment.getProperty(PROPERTY, Boolean.class, true);
    }
}
