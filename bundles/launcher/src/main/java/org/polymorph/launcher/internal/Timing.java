package org.polymorph.launcher.internal;

import java.io.PrintStream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Start-up timers, printed on stderr when the system property {@code polymorph.timing=true}
 * (e.g. {@code POLYMORPH_JAVA_OPTS=-Dpolymorph.timing=true}). Times are ms since the launcher started
 * (the JVM itself takes about 0.1 s before that; the process start time the OS reports is too coarse).
 */
public final class Timing {
    private final PrintStream err;
    private final long t0;

    private Timing(PrintStream err, long t0) {
        this.err = err;
        this.t0 = t0;
    }

    public static Timing fromSystemProperty(PrintStream err) {
        if (!Boolean.getBoolean("polymorph.timing")) {
            return new Timing(null, 0);
        }
        return new Timing(err, System.nanoTime());
    }

    public boolean enabled() {
        return err != null;
    }

    /** In timing mode, marks each bundle's STARTED event (which bundles dominate the start). */
    public void watchBundles(BundleContext ctx) {
        if (err != null) {
            ctx.addBundleListener((SynchronousBundleListener) e -> {
                if (e.getType() == BundleEvent.STARTED) {
                    mark("  started " + e.getBundle().getSymbolicName());
                }
            });
        }
    }

    public void mark(String what) {
        if (err != null) {
            err.printf("polymorph [timing] %6d ms  %s%n", (System.nanoTime() - t0) / 1_000_000,
                    what);
        }
    }
}
