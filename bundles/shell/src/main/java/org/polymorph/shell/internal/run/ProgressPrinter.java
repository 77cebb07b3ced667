package org.polymorph.shell.internal.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.polymorph.core.method.Progress;

/**
 * Prints progress at most every 200 ms: on a terminal as one line rewritten in place ('\r'),
 * otherwise as plain lines. Thread-safe; {@link #finish} prints the closing 100 % line of a run that
 * ended well, {@link #close} ends the in-place line.
 */
public final class ProgressPrinter implements Progress, AutoCloseable {
    static final long INTERVAL_NS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private long lastPrint;
    private boolean printed;
    private int lastWidth;
    /** The latest counted update, printed or dropped by the interval: total 0 when none. */
    private long latestTotal;
    private String latestMessage = "";
    private boolean completePrinted;

    public ProgressPrinter(PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    /** Stderr of this process; in-place updates when the JVM has a console. */
    public static ProgressPrinter forStream(PrintStream out) {
        return new ProgressPrinter(out, System.console() != null, System::nanoTime);
    }

    @Override
    public synchronized void update(long done, long total, String message) {
        if (total > 0) {
            latestTotal = total;
            latestMessage = message == null ? "" : message;
        }
        long now = nanoTime.getAsLong();
        if (printed && now - lastPrint < INTERVAL_NS) return;
        lastPrint = now;
        print(format(done, total, message));
        completePrinted = total > 0 && done >= total;
    }

    /**
     * The run returned ok: when it counted its work, shows it all done ("[100.0%] total/total"), unless
     * the last line printed already did. Nothing when it only sent messages.
     */
    public synchronized void finish() {
        if (latestTotal <= 0 || completePrinted) return;
        print(format(latestTotal, latestTotal, latestMessage));
        completePrinted = true;
    }

    private void print(String line) {
        printed = true;
        if (terminal) {
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String format(long done, long total, String message) {
        String msg = message == null ? "" : message.strip();
        if (total <= 0) return msg.isEmpty() ? "working..." : msg;
        double pct = 100.0 * Math.min(done, total) / total;
        String head = String.format(Locale.ROOT, "[%5.1f%%] %d/%d", pct, done, total);
        return msg.isEmpty() ? head : head + " " + msg;
    }

    @Override
    public synchronized void close() {
        if (terminal && printed) {
            out.println();
            out.flush();
        }
    }
}
