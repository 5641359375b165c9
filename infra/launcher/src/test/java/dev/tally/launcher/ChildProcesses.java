package dev.tally.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** What a test needs to start the launcher as a process of its own: this JVM's java, the class path, a free port. */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /** The class path this test runs on: the launcher's classes and every dependency. */
    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String path = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        if (!path.contains(File.pathSeparator) && path.endsWith(".jar") && path.contains("surefire")) {
            throw new IllegalStateException("no test class path to start the launcher with: " + path);
        }
        return path;
    }

    /** The java executable of this JVM. */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
