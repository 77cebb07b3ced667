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

    /**
     * How long the framework stop waits after {@code exit} returns (ms). Gogo waits for the command's job to complete
     * before it reads the next line; a stop that reaches the shell during that wait interrupts it, and Gogo prints the
     * InterruptedException on the terminal. Once the shell is back at its prompt, the stop ends it quietly.
     */
    private static final long STOP_DELAY_MS = 500;

    /** Leaves the shell and stops Polymorph (on a thread of its own, once the command has returned to the shell). */
    public void exit() {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(STOP_DELAY_MS);
                system.getBundle(0).stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (BundleException e) {
                System.err.println("polymorph: could not stop the framework: " + e.getMessage());
            }
        }, "polymorph-exit");
        stopper.start();
    }

    /** Same as {@link #exit()}. */
    public void quit() {
        exit();
    }
}
