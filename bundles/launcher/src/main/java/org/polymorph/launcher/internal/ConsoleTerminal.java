package org.polymorph.launcher.internal;

import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.namespace.PackageNamespace;

/**
 * Lets the console bundle (Gogo's JLine shell) build a real terminal inside Felix.
 *
 * <p>JLine 3 finds its terminal providers (jni, exec, ...) by reading
 * {@code META-INF/services/org/jline/terminal/provider/<name>} through the <em>thread context class
 * loader</em> ({@code TerminalProvider.load}), falling back to the system class loader. Gogo's console builds
 * its terminal in its activator, on the thread that starts the bundle, whose context loader is the launcher's
 * class path: no provider is found there and JLine falls back to a dumb terminal (no line editing, history,
 * completion or Ctrl-C handling; "Unable to create a system terminal").
 *
 * <p>This synchronous listener sets the context class loader of the thread that starts the console bundle to
 * the class loader of the bundle it imports {@code org.jline.terminal} from, for the duration of its
 * activator's {@code start} (from {@code STARTING} to {@code STARTED}, or {@code STOPPED} when the start
 * failed). The console's shell thread, created there, inherits it. Providers and the terminal classes then
 * come from one bundle, as the OSGi wiring would give them.
 *
 * <p>When standard input or output is not a terminal (input piped in, as scripts and tests do), a dumb
 * terminal is the right one: {@link #allowDumbWhenNotATerminal} tells JLine so, which silences its warning.
 */
public final class ConsoleTerminal implements SynchronousBundleListener {
    /** Symbolic name of the console bundle. */
    public static final String CONSOLE_BSN = "org.apache.felix.gogo.jline";
    /** JLine's system property: a dumb terminal is acceptable (no warning when no system terminal exists). */
    static final String JLINE_DUMB = "org.jline.terminal.dumb";
    private static final String TERMINAL_PACKAGE = "org.jline.terminal";

    private Thread starter;
    private ClassLoader previous;

    private ConsoleTerminal() {
    }

    /** Adds the listener; call between {@code Framework.init()} and {@code start()}. */
    public static void watch(BundleContext system) {
        system.addBundleListener(new ConsoleTerminal());
    }

    /**
     * Sets JLine's {@value #JLINE_DUMB} to true unless the JVM has a console (both standard input and
     * output are terminals) or the property is already given.
     */
    public static void allowDumbWhenNotATerminal() {
        if (System.console() == null && System.getProperty(JLINE_DUMB) == null) {
            System.setProperty(JLINE_DUMB, "true");
        }
    }

    @Override
    public synchronized void bundleChanged(BundleEvent event) {
        if (!CONSOLE_BSN.equals(event.getBundle().getSymbolicName())) {
            return;
        }
        Thread current = Thread.currentThread();
        if (event.getType() == BundleEvent.STARTING) {
            ClassLoader jline = terminalLoader(event.getBundle());
            if (jline != null) {
                starter = current;
                previous = current.getContextClassLoader();
                current.setContextClassLoader(jline);
            }
        } else if ((event.getType() == BundleEvent.STARTED || event.getType() == BundleEvent.STOPPED)
                && starter == current) {
            current.setContextClassLoader(previous);
            starter = null;
            previous = null;
        }
    }

    /** The class loader of the bundle that {@code console} imports {@code org.jline.terminal} from, or null. */
    static ClassLoader terminalLoader(Bundle console) {
        BundleWiring wiring = console.adapt(BundleWiring.class);
        if (wiring == null) {
            return null;
        }
        List<BundleWire> wires = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        for (BundleWire wire : wires) {
            Object pkg = wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
            if (TERMINAL_PACKAGE.equals(pkg)) {
                return wire.getProviderWiring().getClassLoader();
            }
        }
        return null;
    }
}
