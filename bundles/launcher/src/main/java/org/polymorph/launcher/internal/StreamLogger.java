package org.polymorph.launcher.internal;

import java.io.PrintStream;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * Felix's own log (resolver errors, bundle exceptions) goes to the real stderr. Felix's default writes to
 * {@code System.out}, which would corrupt the {@code --json} output on stdout.
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
        synchronized (err) {
            err.println(sb);
            if (throwable != null) {
                throwable.printStackTrace(err);
            }
        }
    }
}
