package org.polymorph.shell.internal;

import com.google.inject.Injector;
import java.util.Map;
import java.util.function.Function;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.shell.internal.cli.HeadlessCli;
import org.polymorph.shell.internal.gogo.PolymorphCommands;
import org.polymorph.shell.internal.registry.ActiveBackend;
import org.polymorph.shell.internal.registry.TrackedRunService;

/**
 * Composition root of the shell bundle: opens the RunService and TensorService trackers, builds the
 * Guice graph and registers the Gogo commands and the headless CLI function.
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
    }

    @Override
    protected void shutdown() {
        if (runs != null) runs.close();
        if (backend != null) backend.close();
    }
}
