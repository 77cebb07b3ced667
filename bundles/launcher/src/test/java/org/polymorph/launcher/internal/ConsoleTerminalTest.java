package org.polymorph.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The console bundle's activator runs with JLine's bundle class loader as the thread context class loader
 * (where JLine looks up its terminal providers), and only while it starts.
 */
class ConsoleTerminalTest {
    private final ClassLoader original = Thread.currentThread().getContextClassLoader();
    private final ClassLoader jline = new URLClassLoader(new URL[0], null);
    private final ClassLoader other = new URLClassLoader(new URL[0], null);

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(original);
    }

    @Test
    void consoleStartsWithJLinesLoaderAsContextLoaderAndTheOldOneComesBack() {
        BundleListener listener = listener();
        Bundle console = bundle(ConsoleTerminal.CONSOLE_BSN,
                Map.of("org.apache.felix.service.command", other, "org.jline.terminal", jline, "org.jline.reader", other));

        listener.bundleChanged(new BundleEvent(BundleEvent.STARTING, console));
        assertSame(jline, Thread.currentThread().getContextClassLoader());
        listener.bundleChanged(new BundleEvent(BundleEvent.STARTED, console));
        assertSame(original, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void aFailedStartRestoresTheLoaderToo() {
        BundleListener listener = listener();
        Bundle console = bundle(ConsoleTerminal.CONSOLE_BSN, Map.of("org.jline.terminal", jline));
        listener.bundleChanged(new BundleEvent(BundleEvent.STARTING, console));
        listener.bundleChanged(new BundleEvent(BundleEvent.STOPPED, console));
        assertSame(original, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void otherBundlesAndAConsoleWithoutJLineLeaveTheLoaderAlone() {
        BundleListener listener = listener();
        listener.bundleChanged(new BundleEvent(BundleEvent.STARTING, bundle("org.jline", Map.of("org.jline.terminal", jline))));
        assertSame(original, Thread.currentThread().getContextClassLoader());
        listener.bundleChanged(new BundleEvent(BundleEvent.STARTING, bundle(ConsoleTerminal.CONSOLE_BSN, Map.of())));
        assertSame(original, Thread.currentThread().getContextClassLoader());
        assertNull(ConsoleTerminal.terminalLoader(bundle(ConsoleTerminal.CONSOLE_BSN, Map.of("org.jline.reader", other))));
    }

    @Test
    void withoutAConsoleJLineIsToldADumbTerminalIsFineUnlessTheUserSaidOtherwise() {
        String before = System.getProperty(ConsoleTerminal.JLINE_DUMB);
        try {
            System.clearProperty(ConsoleTerminal.JLINE_DUMB);
            ConsoleTerminal.allowDumbWhenNotATerminal(); // tests run without a console
            assertEquals(System.console() == null ? "true" : null, System.getProperty(ConsoleTerminal.JLINE_DUMB));
            System.setProperty(ConsoleTerminal.JLINE_DUMB, "false");
            ConsoleTerminal.allowDumbWhenNotATerminal();
            assertEquals("false", System.getProperty(ConsoleTerminal.JLINE_DUMB));
        } finally {
            if (before == null) System.clearProperty(ConsoleTerminal.JLINE_DUMB);
            else System.setProperty(ConsoleTerminal.JLINE_DUMB, before);
        }
    }

    private static BundleListener listener() {
        List<BundleListener> added = new ArrayList<>();
        BundleContext context = proxy(BundleContext.class, (name, args) -> {
            if (name.equals("addBundleListener")) added.add((BundleListener) args[0]);
            return null;
        });
        ConsoleTerminal.watch(context);
        return added.get(0);
    }

    /** A bundle whose wiring imports each package of {@code imports} from a bundle with the given class loader. */
    private static Bundle bundle(String symbolicName, Map<String, ClassLoader> imports) {
        List<BundleWire> wires = new ArrayList<>();
        imports.forEach((pkg, loader) -> {
            BundleCapability capability = proxy(BundleCapability.class,
                    (name, args) -> name.equals("getAttributes") ? Map.of(PackageNamespace.PACKAGE_NAMESPACE, pkg) : null);
            BundleWiring provider = proxy(BundleWiring.class, (name, args) -> name.equals("getClassLoader") ? loader : null);
            wires.add(proxy(BundleWire.class, (name, args) -> switch (name) {
                case "getCapability" -> capability;
                case "getProviderWiring" -> provider;
                default -> null;
            }));
        });
        BundleWiring wiring = proxy(BundleWiring.class, (name, args) ->
                name.equals("getRequiredWires") && PackageNamespace.PACKAGE_NAMESPACE.equals(args[0]) ? wires : null);
        return proxy(Bundle.class, (name, args) -> switch (name) {
            case "getSymbolicName" -> symbolicName;
            case "adapt" -> args[0] == BundleWiring.class ? wiring : null;
            case "hashCode" -> System.identityHashCode(wires);
            default -> null;
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(ConsoleTerminalTest.class.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> answer.answer(m.getName(), args));
    }
}
