package dev.tally.launcher;

import java.io.File;

/** The class path this test runs on (the launcher's classes and every dependency), to start the launcher with. */
public final class TestClassPath {
    private TestClassPath() {
    }

    public static String get() {
        String surefire = System.getProperty("surefire.test.class.path");
        String path = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        if (!path.contains(File.pathSeparator) && path.endsWith(".jar") && path.contains("surefire")) {
            throw new IllegalStateException("no test class path to start the launcher with: " + path);
        }
        return path;
    }
}
