package org.polymorph.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.polymorph.launcher.internal.ClusterSecret;
import org.polymorph.launcher.internal.ClusterSettings;
import org.polymorph.launcher.internal.ClusterStatus;
import org.polymorph.launcher.internal.ConsoleTerminal;
import org.polymorph.launcher.internal.DeployedBundles;
import org.polymorph.launcher.internal.ExitCommand;
import org.polymorph.launcher.internal.FrameworkBoot;
import org.polymorph.launcher.internal.ServerPort;
import org.polymorph.launcher.internal.ServerSettings;
import org.polymorph.launcher.internal.ServerToken;

/**
 * {@code bin/polymorph}'s entry point. No arguments: the interactive shell. {@code run}, {@code methods},
 * {@code describe}, {@code backend}: one headless command, passed through to the shell bundle's CLI
 * service. {@code server}: the HTTP server, until SIGTERM. {@code member}: a headless cluster member, until SIGTERM. The JVM always exits explicitly with the command's code, so native threads (ND4J, OpenBLAS)
 * cannot keep it alive.
 */
public final class Main {
    static final Set<String> HEADLESS_COMMANDS = Set.of("run", "methods", "describe", "backend");
    static final String SERVER = "server";
    static final String MEMBER = "member";
    /** How long a starting member may take to start and join (Hazelcast gives up joining after 15 s). */
    static final Duration MEMBER_START_TIMEOUT = Duration.ofSeconds(60);
    /** How long SIGTERM gives a server's runs to write their checkpoints and the bundles to stop. */
    static final Duration SERVER_STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How long a starting server may take to answer on its port. */
    static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(60);
    static final int EXIT_BAD_INPUT = 2;
    /** {@code run}'s option that makes the run a cluster member whatever conf/cluster.properties says. */
    static final String CLUSTER_FLAG = "--cluster";
    private static final String USAGE = String.join(System.lineSeparator(),
            "Usage: polymorph [command] [arguments...]",
            "",
            "  polymorph                         interactive Gogo shell: methods, describe, run, backend, lb, help;",
            "                                    'exit' or Ctrl-D quits",
            "  polymorph run <id> [key=value...] [--json] [--out DIR] [--cluster]",
            "                                    run one method headless; --json prints the result JSON on stdout;",
            "                                    the run directory defaults to runs/<timestamp>-<id>/ under the",
            "                                    current directory; --cluster: this run joins the cluster as if",
            "                                    conf/cluster.properties said cluster.enabled=true (bench.cluster needs it)",
            "  polymorph methods                 list the methods: id and one-line description",
            "  polymorph describe <id>           a method's parameters: type, default, unit, range, description",
            "  polymorph backend                 the active TensorService, ND4J/BLAS versions, threads, CUDA probe",
            "  polymorph server [--host ADDRESS] [--port N]",
            "                                    the headless HTTP server: REST API at /api/v1, dashboard at /;",
            "                                    default 127.0.0.1:8181; settings in conf/server.properties; the",
            "                                    bearer token in conf/server.token (generated at the first start)",
            "  polymorph member [--join HOST:PORT,...] [--port N] [--host ADDRESS]",
            "                                    a headless cluster member (no console), until SIGTERM: it runs the",
            "                                    work items of distributed jobs; default 127.0.0.1:5701; settings in",
            "                                    conf/cluster.properties (cluster.enabled=true makes shell, server and",
            "                                    run join as members too); the secret in conf/cluster.secret",
            "  polymorph --help                  this text",
            "",
            "Exit codes: 0 ok, 2 bad input, 1 failure.",
            "Environment: JAVA_HOME; POLYMORPH_JAVA_OPTS (JVM options, e.g. -Xmx8g, -Dpolymorph.timing=true).",
            "Logs: <home>/logs/polymorph.log (warnings also on stderr).");

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out; // the real streams, kept before Gogo replaces System.out/err
        PrintStream err = System.err;
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "shell" : args[0];
        if (Set.of("--help", "-h", "help").contains(command)) {
            out.println(USAGE);
            return 0;
        }
        if (!command.equals("shell") && !command.equals(SERVER) && !command.equals(MEMBER) && !HEADLESS_COMMANDS.contains(command)) {
            err.println("polymorph: unknown command '" + command + "'; use one of run, methods, describe, backend,"
                    + " server, member, or no command for the interactive shell");
            err.println(USAGE);
            return EXIT_BAD_INPUT;
        }
        try {
            Path home = home();
            if (command.equals(MEMBER)) return member(home, Arrays.copyOfRange(args, 1, args.length), out, err);
            if (command.equals(SERVER)) return server(home, Arrays.copyOfRange(args, 1, args.length), out, err);
            return command.equals("shell") ? shell(home, err) : headless(home, args, out, err);
        } catch (ServerSettings.BadServerInput e) {
            err.println("polymorph: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (IOException | BundleException | RuntimeException e) {
            err.println("polymorph: could not start the runtime: " + e.getMessage());
            return 1;
        }
    }

    private static int headless(Path home, String[] given, PrintStream out, PrintStream err)
            throws IOException, BundleException, ServerSettings.BadServerInput {
        boolean clusterFlag = given.length > 0 && given[0].equals("run") && Arrays.asList(given).contains(CLUSTER_FLAG);
        String[] args = clusterFlag ? Arrays.stream(given).filter(a -> !a.equals(CLUSTER_FLAG)).toArray(String[]::new) : given;
        Map<String, String> cluster = clusterProperties(home, err, clusterFlag);
        DeployedBundles deployed = new DeployedBundles();
        Framework framework = FrameworkBoot.start(home, cluster, Launcher.HEADLESS_LEVEL, err, deployed::watch);
        stopOnSignal(framework, Duration.ofSeconds(2));
        // the jars already in deploy/ are started by FileInstall after start() returned: their Methods must be seen
        deployed.await(Launcher.DEPLOY_TIMEOUT, err);
        if (!cluster.isEmpty()) reportJoined(framework, err);
        Duration timeout = Duration.ofSeconds(Long.getLong("polymorph.cli.timeout",
                Launcher.CLI_TIMEOUT.toSeconds()));
        int code = Launcher.runCommand(framework, Arrays.copyOf(args, args.length), out, err, timeout);
        Launcher.stop(framework, Launcher.STOP_TIMEOUT);
        return code;
    }

    private static int shell(Path home, PrintStream err) throws IOException, BundleException, ServerSettings.BadServerInput {
        ConsoleTerminal.allowDumbWhenNotATerminal();
        Map<String, String> cluster = clusterProperties(home, err, false);
        Framework framework = FrameworkBoot.start(home, cluster, Launcher.SHELL_LEVEL, err, ConsoleTerminal::watch);
        stopOnSignal(framework, Duration.ofSeconds(2));
        boolean console = Arrays.stream(framework.getBundleContext().getBundles())
                .anyMatch(b -> ConsoleTerminal.CONSOLE_BSN.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE);
        if (!console) {
            err.println("polymorph: the console bundle " + ConsoleTerminal.CONSOLE_BSN + " is not active; check bundle/9-console"
                    + " and logs/polymorph.log");
            Launcher.stop(framework, Launcher.STOP_TIMEOUT);
            return 1;
        }
        ExitCommand.register(framework.getBundleContext());
        return untilStopped(framework); // gogo.jline stops the framework on 'exit' or Ctrl-D
    }

    /**
     * {@code polymorph server}: checks the settings and the token before anything starts (exit 2), starts the
     * runtime with the server's bundles, waits until the server answers, then serves until SIGTERM or Ctrl-C.
     */
    private static int server(Path home, String[] args, PrintStream out, PrintStream err) throws IOException, BundleException {
        ServerSettings settings;
        ServerToken token;
        Map<String, String> properties;
        try {
            settings = ServerSettings.load(home, args);
            token = ServerToken.ensure(settings);
            ServerPort.checkFree(settings);
            properties = new java.util.LinkedHashMap<>(settings.frameworkProperties());
            properties.putAll(clusterProperties(home, err, false));
        } catch (ServerSettings.BadServerInput e) {
            err.println("polymorph: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (token.generated()) {
            err.println("polymorph: wrote a new bearer token to " + settings.tokenFile() + " (readable by its owner only)");
        }
        DeployedBundles deployed = new DeployedBundles();
        Framework framework = FrameworkBoot.start(home, properties, Launcher.SERVER_LEVEL, err, deployed::watch);
        stopOnSignal(framework, SERVER_STOP_TIMEOUT);
        deployed.await(Launcher.DEPLOY_TIMEOUT, err);
        String url = settings.url();
        if (!ServerPort.answers(url + "/api/v1/health", SERVER_START_TIMEOUT)) {
            err.println("polymorph: the server did not answer at " + url + " within " + SERVER_START_TIMEOUT.toSeconds()
                    + " s; see " + home.resolve("logs").resolve("polymorph.log"));
            Launcher.stop(framework, Launcher.STOP_TIMEOUT);
            return 1;
        }
        out.println("Polymorph server at " + url + "/ (REST API " + url + "/api/v1; bearer token in " + settings.tokenFile()
                + "); stop it with Ctrl-C or SIGTERM");
        if (System.console() != null) {
            out.println("dashboard: " + url + "/#token=" + token.value()); // only to a terminal, never into a service's log
        }
        out.flush();
        return untilStopped(framework);
    }

    /**
     * {@code polymorph member}: checks the cluster settings, the secret and the port before anything starts (exit 2),
     * starts the runtime headless with the cluster bundle, and with {@code --join} checks that it joined one of the
     * listed members (exit 2 when it did not: nobody there, or another secret). Prints one line, then runs until SIGTERM.
     */
    private static int member(Path home, String[] args, PrintStream out, PrintStream err) throws IOException, BundleException {
        ClusterSettings settings;
        ClusterSecret secret;
        try {
            settings = ClusterSettings.load(home, args, true);
            secret = ClusterSecret.ensure(settings);
            ServerPort.checkFree(settings.host(), settings.port());
        } catch (ServerSettings.BadServerInput e) {
            err.println("polymorph: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (secret.generated()) {
            err.println("polymorph: wrote a new cluster secret to " + secret.file() + " (readable by its owner only); every member"
                    + " needs the same file");
        }
        DeployedBundles deployed = new DeployedBundles();
        Framework framework = FrameworkBoot.start(home, settings.frameworkProperties(false), Launcher.HEADLESS_LEVEL, err, deployed::watch);
        stopOnSignal(framework, SERVER_STOP_TIMEOUT);
        deployed.await(Launcher.DEPLOY_TIMEOUT, err);
        Map<String, Object> status = ClusterStatus.await(framework.getBundleContext(), MEMBER_START_TIMEOUT);
        if (status == null || status.containsKey("error")) {
            err.println("polymorph: " + (status == null ? "the cluster bundle did not start within " + MEMBER_START_TIMEOUT.toSeconds()
                    + " s; see " + home.resolve("logs").resolve("polymorph.log") : status.get("error")));
            Launcher.stop(framework, Launcher.STOP_TIMEOUT);
            return status == null ? 1 : EXIT_BAD_INPUT;
        }
        int members = ((Number) status.get("members")).intValue();
        if (settings.joinGiven() && members < 2) {
            err.println("polymorph: could not join the cluster at " + String.join(", ", settings.members()) + ": no member answered"
                    + " there, or the members there have another cluster secret or cluster.name (the cluster's name is derived"
                    + " from both, so a member with a wrong secret cannot join); check the addresses, and copy conf/cluster.secret"
                    + " from a member of that cluster");
            Launcher.stop(framework, Launcher.STOP_TIMEOUT);
            return EXIT_BAD_INPUT;
        }
        out.println("Polymorph member " + status.get("id") + " at " + status.get("address") + "; cluster " + status.get("name") + ": "
                + members + (members == 1 ? " member" : " members"));
        out.flush();
        return untilStopped(framework);
    }

    /**
     * The cluster's framework properties when conf/cluster.properties turns clustering on, or {@code on} (run's
     * {@value #CLUSTER_FLAG}) does whatever the file says; else none.
     */
    private static Map<String, String> clusterProperties(Path home, PrintStream err, boolean on) throws IOException, ServerSettings.BadServerInput {
        ClusterSettings settings = ClusterSettings.load(home, new String[0], on);
        if (!settings.enabled()) return Map.of();
        ClusterSecret secret = ClusterSecret.ensure(settings);
        if (secret.generated()) err.println("polymorph: wrote a new cluster secret to " + secret.file() + " (readable by its owner only)");
        return settings.frameworkProperties(true);
    }

    /** On stderr: whether the cluster member of a headless command started (items then run on the cluster). */
    private static void reportJoined(Framework framework, PrintStream err) {
        Map<String, Object> status = ClusterStatus.await(framework.getBundleContext(), MEMBER_START_TIMEOUT);
        if (status == null || status.containsKey("error")) {
            err.println("polymorph: clustering is on (conf/cluster.properties or --cluster) but this runtime is no cluster member: "
                    + (status == null ? "the cluster bundle did not start" : status.get("error")) + "; work items run on local threads");
        } else {
            int members = ((Number) status.get("members")).intValue();
            err.println("polymorph: cluster member " + status.get("id") + " at " + status.get("address") + "; cluster " + status.get("name")
                    + ": " + members + (members == 1 ? " member" : " members"));
            if (members == 1 && status.get("joined") instanceof java.util.List<?> listed && !listed.isEmpty()) {
                err.println("polymorph: no listed member answered (" + listed + ", cluster.members in conf/cluster.properties), or they"
                        + " have another cluster secret: work items run on this member alone");
            }
        }
    }

    /** Waits until the framework stops (SIGTERM, Ctrl-C, or a stop from inside); exit code 0. */
    private static int untilStopped(Framework framework) {
        try {
            framework.waitForStop(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Ctrl-C / SIGTERM: stop the bundles (flushing logs; a server's runs write their checkpoints), waiting at most {@code wait}. */
    private static void stopOnSignal(Framework framework, Duration wait) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Launcher.stop(framework, wait), "polymorph-shutdown"));
    }

    private static Path home() {
        String home = System.getProperty("polymorph.home");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("system property polymorph.home is not set: start Polymorph with"
                    + " bin/polymorph, which sets it to the distribution folder");
        }
        return Path.of(home);
    }
}
