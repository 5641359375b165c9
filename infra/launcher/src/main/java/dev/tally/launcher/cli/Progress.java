package dev.tally.launcher.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on stderr: done/total, rate and ETA when the total is known, else count and rate. */
final class Progress {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String unit;
    private final Long total;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;

    Progress(PrintWriter err, String unit, Long total) {
        this.err = err;
        this.unit = unit;
        this.total = total;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastDrawNanos < 200_000_000L) {
            return;
        }
        lastDrawNanos = now;
        draw(done, false);
    }

    void finish(long done) {
        draw(done, true);
    }

    private void draw(long done, boolean last) {
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 1e-3);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder("\r");
        if (total != null && total > 0) {
            // at the end the stream is complete, whatever gaps the index range had
            double fraction = last ? 1.0 : Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(fraction * WIDTH);
            line.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3.0f%% %,d/%,d %s", fraction * 100, done, last ? done : total,
                                      unit));
            if (!last && rate > 0) {
                line.append(String.format(Locale.ROOT, ", ETA %.0fs", Math.max(0, (total - done) / rate)));
            }
        } else {
            line.append(String.format(Locale.ROOT, "%,d %s", done, unit));
        }
        line.append(String.format(Locale.ROOT, ", %,.0f %s/s", rate, unit));
        err.print(line);
        if (last) {
            err.println();
        }
        err.flush();
    }
}
