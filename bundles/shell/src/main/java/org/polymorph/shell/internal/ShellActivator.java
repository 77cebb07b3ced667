package org.polymorph.shell.internal;

import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.shell.internal.cli.HeadlessCli;
import org.polymorph.shell.internal.console.Completions;
import org.polymorph.shell.internal.console.ConsoleSetup;
import org.polymorph.shell.internal.deploy.FileInstallLog;
import org.polymorph.shell.internal.deploy.UnusableJarReporter;
import org.polymorph.shell.internal.gogo.ClusterCommand;
import org.polymorph.shell.internal.gogo.PolymorphCommands;
import org.polymorph.shell.internal.registry.TrackedBackends;
import org.polymorph.shell.internal.registry.TrackedRunService;
import org.polymorph.shell.internal.run.ForegroundRuns;

/**
 * Composition root of the shell bundle: opens the RunService and TensorService trackers, builds the
 * Guice graph and registers the Gogo commands, the headless CLI function and, when JLine is wired (the
 * interactive console), the console setup (completion, history in {@code ~/.polymorph/history}); passes
 * FileInstall's log to Log4j and reports the jars in deploy/ that FileInstall cannot install.
 */
public final class ShellActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(ShellActivator.class);
    private TrackedRunService runs;
    private TrackedBackends backend;
    private ServiceTracker<Distributed, Distributed> distributed;
    private FileInstallLog fileInstallLog;
    private ServiceRegistration<?> unusableJars;

    @Override
    protected OsgiModule module(BundleContext context) {
        fileInstallLog = FileInstallLog.attach();
        unusableJars = registerUnusableJarReporter(context);
        runs = new TrackedRunService(context);
        backend = new TrackedBackends(context);
        runs.open();
        backend.open();
        distributed = new ServiceTracker<>(context, Distributed.class, null);
        distributed.open();
        return new ShellModule(context, runs, backend);
    }

    @Override
    protected void register(Injector injector) {
        publish(PolymorphCommands.class, injector.getInstance(PolymorphCommands.class), Map.of(
                CommandProcessor.COMMAND_SCOPE, PolymorphCommands.SCOPE,
                CommandProcessor.COMMAND_FUNCTION, PolymorphCommands.FUNCTIONS));
        publish(ClusterCommand.class, new ClusterCommand(() -> Optional.ofNullable(distributed.getService())), Map.of(
                CommandProcessor.COMMAND_SCOPE, PolymorphCommands.SCOPE,
                CommandProcessor.COMMAND_FUNCTION, ClusterCommand.FUNCTIONS));
        @SuppressWarnings("unchecked")
        Class<Function<Object, Integer>> type = (Class<Function<Object, Integer>>) (Class<?>) Function.class;
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
        if (distributed != null) distributed.close();
        if (unusableJars != null) unusableJars.unregister();
        if (fileInstallLog != null) fileInstallLog.detach();
    }

    /** Asked last by FileInstall (lowest ranking); null when FileInstall's API is not installed (optional import). */
    private static ServiceRegistration<?> registerUnusableJarReporter(BundleContext context) {
        try {
            return context.registerService(ArtifactInstaller.class.getName(), new UnusableJarReporter(),
                    new Hashtable<>(Map.of(Constants.SERVICE_RANKING, Integer.MIN_VALUE)));
        } catch (NoClassDefFoundError e) {
            LOG.info("FileInstall's API is not installed: jars in deploy/ that are not bundles are not reported");
            return null;
        }
    }
}
