package org.polymorph.launcher.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Calls the shell bundle's headless CLI: the service {@code java.util.function.Function} with
 * {@code polymorph.cli=true}, applied to the user's arguments, returning the exit code
 * (0 ok, 2 bad input, 1 failure).
 */
public final class CliInvoker {
    public static final String FILTER = "(&(objectClass=java.util.function.Function)(polymorph.cli=true))";
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;

    private CliInvoker() {
    }

    public static int invoke(BundleContext ctx, String[] args, PrintStream out, PrintStream err, Duration timeout) {
        Function<Object, Object> cli;
        try {
            cli = await(ctx, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("polymorph: interrupted while waiting for the CLI service");
            return EXIT_FAILURE;
        }
        if (cli == null) {
            err.println("polymorph: the headless CLI service (" + FILTER + ") did not appear within "
                    + timeout.toSeconds() + " s. Is the polymorph-shell bundle in bundle/4-polymorph and active?"
                    + " See logs/polymorph.log.");
            reportInactive(ctx, err);
            return EXIT_FAILURE;
        }
        return apply(cli, args, out, err);
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, Object> await(BundleContext ctx, Duration timeout) throws InterruptedException {
        Filter filter;
        try {
            filter = ctx.createFilter(FILTER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(ctx, filter, null);
        tracker.open(true);
        Object service = tracker.waitForService(Math.max(1, timeout.toMillis()));
        return (Function<Object, Object>) service;
    }

    /**
     * Runs the CLI on {@code {args, out, err}}: the command prints to the streams it is given, so commands run at
     * once in one JVM (the integration tests' in-process runtime) keep their outputs apart.
     */
    private static int apply(Function<Object, Object> cli, String[] args, PrintStream out, PrintStream err) {
        try {
            Object code = cli.apply(new Object[] {args.clone(), out, err});
            if (code instanceof Number n) {
                return n.intValue();
            }
            err.println("polymorph: the CLI service returned " + code + " instead of an exit code");
            return EXIT_FAILURE;
        } catch (RuntimeException | LinkageError e) {
            err.println("polymorph: the command failed: " + e);
            e.printStackTrace(err);
            return EXIT_FAILURE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Names bundles that should be active at the current start level but are not (diagnosis for a timeout). */
    private static void reportInactive(BundleContext ctx, PrintStream err) {
        int level = ctx.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
        for (Bundle b : ctx.getBundles()) {
            BundleStartLevel bsl = b.adapt(BundleStartLevel.class);
            boolean due = b.getBundleId() != 0 && bsl.getStartLevel() <= level && bsl.isPersistentlyStarted();
            if (due && b.getState() != Bundle.ACTIVE && b.getHeaders("").get("Fragment-Host") == null) {
                err.println("  not active: " + b.getSymbolicName() + " " + b.getVersion() + " (" + b.getLocation()
                        + "), state " + b.getState());
            }
        }
    }
}
