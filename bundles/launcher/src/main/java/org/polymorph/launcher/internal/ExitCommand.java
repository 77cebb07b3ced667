package org.polymorph.launcher.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Gogo command {@code polymorph:exit} without arguments (Gogo's own {@code exit} insists on a status code):
 * stops the framework, after which the launcher exits the JVM. Registered by the launcher in shell mode;
 * Gogo calls it by reflection, so no Gogo API is needed here.
 */
public final class ExitCommand {
    private final BundleContext system;

    private ExitCommand(BundleContext system) {
        this.system = system;
    }

    public static void register(BundleContext system) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "polymorph");
        props.put("osgi.command.function", new String[] {"exit", "quit"});
        system.registerService(Object.class, new ExitCommand(system), props);
    }

    /** Leaves the shell and stops Polymorph. */
    public void exit() throws BundleException {
        system.getBundle(0).stop();
    }

    /** Same as {@link #exit()}. */
    public void quit() throws BundleException {
        exit();
    }
}
