package org.polymorph.launcher.internal;

import java.io.PrintStream;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Felix's own log (resolver errors, bundle exceptions) goes to the real stderr. Felix's default writes to
 * {@code System.out}, which would corrupt the {@code --json} output on stdout. An exception is shown as the messages
 * of its causes on the same line (e.g. an activator's own message); its stack trace only at
 * {@code felix.log.level=4}.
 */
public final class StreamLogger extends Logger {
    private static final String[] LEVELS = {"", "ERROR", "WARNING", "INFO", "DEBUG"};
    private final PrintStream err;

    public StreamLogger(PrintStream err) {
        this.err = err;
    }

    /** Felix calls this variant when no bundle or service is involved (e.g. bundle-cache errors). */
    @Override
    protected void doLog(int level, String msg, Throwable throwable) {
        doLog(null, null, level, msg, throwable);
    }

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        StringBuilder sb = new StringBuilder("polymorph [felix] ")
                .append(level >= 1 && level < LEVELS.length ? LEVELS[level] : "LOG" + level).append(": ").append(msg);
        if (bundle != null) {
            sb.append(" (bundle ").append(bundle.getSymbolicName()).append(' ').append(bundle.getBundleId())
                    .append(')');
        }
        boolean trace = getLogLevel() >= LOG_DEBUG;
        for (Throwable t = throwable; t != null && !trace; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage());
            }
        }
        synchronized (err) {
            err.println(sb);
            if (throwable != null && trace) {
                throwable.printStackTrace(err);
            }
        }
    }
}
