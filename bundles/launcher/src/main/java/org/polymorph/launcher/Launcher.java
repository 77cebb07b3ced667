package org.polymorph.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.polymorph.launcher.internal.CliInvoker;
import org.polymorph.launcher.internal.DeployedBundles;
import org.polymorph.launcher.internal.FrameworkBoot;

/**
 * Starts the Polymorph runtime from an assembled distribution home (the folder holding {@code conf/},
 * {@code bundle/<level>-<name>/}, {@code deploy/}). Used by {@link Main} and, in-process, by the
 * integration tests.
 *
 * <p>Start levels: 1 SPI Fly, 2 logging, 3 runtime libraries, 4 Polymorph bundles, 5 FileInstall and the bundles
 * it deploys from {@code deploy/}, 6 = headless ({@link #HEADLESS_LEVEL}; other bundles installed at run time),
 * 6 also the cluster ({@code bundle/}{@value #CLUSTER_FOLDER}, installed only when clustering is on),
 * 7 = the HTTP server ({@link #SERVER_LEVEL}: Felix HTTP in {@code bundle/}{@value #SERVER_FOLDER}, installed only for
 * a launch at that level), 9 = interactive console ({@link #SHELL_LEVEL}).
 */
public final class Launcher {
    /** Start level of a headless command: everything but the console. */
    public static final int HEADLESS_LEVEL = 6;
    /** Start level of {@code polymorph server}: the headless runtime plus the bundles of {@link #SERVER_FOLDER}. */
    public static final int SERVER_LEVEL = 7;
    /** The bundle folder of the HTTP stack: installed only when the framework is started at {@link #SERVER_LEVEL}. */
    public static final String SERVER_FOLDER = "7-server";
    /**
     * The bundle folder of cluster execution (Hazelcast, jsr305, the cluster bundle): installed only when the framework
     * property {@value #CLUSTER_ENABLED} is true ({@code polymorph member}, or {@code cluster.enabled=true}).
     */
    public static final String CLUSTER_FOLDER = "6-cluster";
    /** The framework property that turns clustering on. */
    public static final String CLUSTER_ENABLED = "polymorph.cluster.enabled";
    /** Start level of the interactive shell (JLine + gogo.jline at level 9). */
    public static final int SHELL_LEVEL = 9;
    /** How long a headless command waits for the CLI service ({@value CliInvoker#FILTER}). */
    public static final Duration CLI_TIMEOUT = Duration.ofSeconds(60);
    /** How long a headless command waits for the jars already in {@code deploy/} to start (then warns). */
    public static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #stop} waits for bundles to stop before giving up on them. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private Launcher() {
    }

    /**
     * Starts Felix and returns once every bundle up to {@code startLevel} has been started.
     *
     * @param home       distribution home, e.g. {@code distribution/target/polymorph} or a copy of it
     * @param overrides  framework properties that replace {@code conf/config.properties} entries
     *                   (e.g. {@code felix.fileinstall.poll=500}); {@code ${polymorph.home}} is expanded
     * @param startLevel framework start level: {@link #HEADLESS_LEVEL} or {@link #SHELL_LEVEL}
     * @return the started framework; stop it with {@link #stop}
     */
    public static Framework start(Path home, Map<String, String> overrides, int startLevel)
            throws IOException, BundleException {
        return FrameworkBoot.start(home, overrides, startLevel, System.err);
    }

    /**
     * Runs one headless CLI command in a started framework: waits up to {@code timeout} for the
     * {@code Function} service with {@code polymorph.cli=true}, applies it to {@code args} (e.g.
     * {@code run tensor.info --json}) printing to {@code out}/{@code err} (never System.out/err), and returns the
     * exit code: 0 ok, 2 bad input, 1 failure (also when the service never appears).
     */
    public static int runCommand(Framework framework, String[] args, PrintStream out, PrintStream err,
            Duration timeout) {
        return CliInvoker.invoke(framework.getBundleContext(), args, out, err, timeout);
    }

    /**
     * Start at {@link #HEADLESS_LEVEL}, wait for the jars already in {@code deploy/} to start (see
     * {@link DeployedBundles}), {@link #runCommand}, {@link #stop}: one CLI invocation.
     */
    public static int runHeadless(Path home, Map<String, String> overrides, String[] args, PrintStream out,
            PrintStream err) {
        Framework framework;
        DeployedBundles deployed = new DeployedBundles();
        try {
            framework = FrameworkBoot.start(home, overrides, HEADLESS_LEVEL, err, deployed::watch);
        } catch (IOException | BundleException | RuntimeException e) {
            err.println("polymorph: could not start the runtime in " + home + ": " + e.getMessage());
            return 1;
        }
        try {
            deployed.await(DEPLOY_TIMEOUT, err);
            return runCommand(framework, args, out, err, CLI_TIMEOUT);
        } finally {
            stop(framework, STOP_TIMEOUT);
        }
    }

    /**
     * Stops the framework and waits at most {@code timeout}; returns true if it stopped in time. Bundles
     * still stopping after that are abandoned (callers that exit the JVM do not wait for them).
     */
    public static boolean stop(Framework framework, Duration timeout) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
            }
            FrameworkEvent event = framework.waitForStop(Math.max(1, timeout.toMillis()));
            return event.getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
