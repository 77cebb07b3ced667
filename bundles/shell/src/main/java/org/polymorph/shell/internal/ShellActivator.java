package org.polymorph.shell.internal;

import com.google.inject.Injector;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Function;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.shell.internal.cli.HeadlessCli;
import org.polymorph.shell.internal.deploy.FileInstallLog;
import org.polymorph.shell.internal.deploy.UnusableJarReporter;
import org.polymorph.shell.internal.gogo.PolymorphCommands;
import org.polymorph.shell.internal.registry.ActiveBackend;
import org.polymorph.shell.internal.registry.TrackedRunService;

/**
 * Composition root of the shell bundle: opens the RunService and TensorService trackers, builds the
 * Guice graph and registers the Gogo commands and the headless CLI function; passes FileInstall's log to Log4j and
 * reports the jars in deploy/ that FileInstall cannot install.
 */
public final class ShellActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(ShellActivator.class);
    private TrackedRunService runs;
    private ActiveBackend backend;
    private FileInstallLog fileInstallLog;
    private ServiceRegistration<?> unusableJars;

    @Override
    protected OsgiModule module(BundleContext context) {
        fileInstallLog = FileInstallLog.attach();
        unusableJars = registerUnusableJarReporter(context);
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
