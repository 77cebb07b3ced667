package org.polymorph.shell.internal;

import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.framework.BundleContext;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.shell.internal.cli.HeadlessCli;
import org.polymorph.shell.internal.console.Completions;
import org.polymorph.shell.internal.console.ConsoleSetup;
import org.polymorph.shell.internal.gogo.PolymorphCommands;
import org.polymorph.shell.internal.registry.ActiveBackend;
import org.polymorph.shell.internal.registry.TrackedRunService;
import org.polymorph.shell.internal.run.ForegroundRuns;

/**
 * Composition root of the shell bundle: opens the RunService and TensorService trackers, builds the
 * Guice graph and registers the Gogo commands, the headless CLI function and, when JLine is wired (the
 * interactive console), the console setup (completion, history in {@code ~/.polymorph/history}).
 */
public final class ShellActivator extends GuiceActivator {
    private TrackedRunService runs;
    private ActiveBackend backend;

    @Override
    protected OsgiModule module(BundleContext context) {
        runs = new TrackedRunService(context);
        backend = new ActiveBackend(context);
        runs.open();
        backend.open();
        return new ShellModule(context, runs, backend);
    }

    @Override
    protected void register(Injector injector) {
        publish(PolymorphCommands.class, injector.getInstance(PolymorphCommands.class), Map.of(
                CommandProcessor.COMMAND_SCOPE, PolymorphCommands.SCOPE,
                CommandProcessor.COMMAND_FUNCTION, PolymorphCommands.FUNCTIONS));
        @SuppressWarnings("unchecked")
        Class<Function<String[], Integer>> type = (Class<Function<String[], Integer>>) (Class<?>) Function.class;
        publish(type, injector.getInstance(HeadlessCli.class), Map.of(HeadlessCli.CLI_PROPERTY, true));
        if (jlineWired()) {
            Path history = Path.of(System.getProperty("user.home"), ".polymorph", "history");
            publish(CommandSessionListener.class, new ConsoleSetup(
                    new Completions(() -> runs.methods().entries()), history, injector.getInstance(ForegroundRuns.class)), Map.of());
        }
    }

    /** Whether the optional JLine import is wired (the bundle is installed); the console classes need it. */
    private boolean jlineWired() {
        try {
            getClass().getClassLoader().loadClass("org.jline.reader.impl.LineReaderImpl");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    protected void shutdown() {
        if (runs != null) runs.close();
        if (backend != null) backend.close();
    }
}
