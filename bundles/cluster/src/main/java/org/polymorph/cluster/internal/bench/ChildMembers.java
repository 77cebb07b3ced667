package org.polymorph.cluster.internal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.method.Progress;

/**
 * Extra members as child processes: {@code bin/polymorph member --host H --port P --join ADDRESS} of the distribution
 * {@code polymorph.home}, each in a scratch home that leaves the distribution's logs and bundle cache alone ({@code bin/}
 * a copy of the start script, {@code lib/}, {@code bundle/} and {@code potentials/} links to the distribution's, an
 * empty {@code deploy/}, {@code conf/} the distribution's with {@code cluster.properties} written for this cluster: its
 * name, cores and secret file). {@link #close} sends SIGTERM (SIGKILL after {@value #STOP_SECONDS} s) to each, copies
 * their logs to {@code logs} and deletes the scratch homes; a JVM shutdown hook does the same when the runtime is stopped
 * while the benchmark runs.
 */
public final class ChildMembers implements MemberStarter {
    private static final Logger LOG = LogManager.getLogger(ChildMembers.class);
    private static final List<String> SHARED = List.of("lib", "bundle", "potentials");
    private static final long STOP_SECONDS = 30;
    /** The launcher's line once a member is in the cluster: "Polymorph member ID at HOST:PORT; cluster NAME: N members". */
    private static final Pattern READY = Pattern.compile("Polymorph member \\S+ at \\S+; cluster \\S+: \\d+ members?");

    private final Path distribution;
    private final String name;
    private final String host;
    private final int cores;
    private final Path secretFile;
    private final Path logs;
    private final Path scratch;
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook;

    /**
     * @param distribution the distribution whose {@code bin/polymorph} starts the members
     * @param name the cluster's name, {@code host} the address they bind, {@code cores} items each runs at once
     * @param secretFile the cluster secret of the coordinator
     * @param logs where {@link #close} copies each member's log (member-N.log)
     */
    public ChildMembers(Path distribution, String name, String host, int cores, Path secretFile, Path logs) throws IOException {
        if (!Files.isExecutable(distribution.resolve("bin/polymorph"))) {
            throw new IOException(distribution.resolve("bin/polymorph") + " is not an executable file: bench.cluster starts its extra members"
                    + " with the distribution's start script (framework property polymorph.home, set by bin/polymorph)");
        }
        this.distribution = distribution;
        this.name = name;
        this.host = host;
        this.cores = cores;
        this.secretFile = secretFile;
        this.logs = logs;
        this.scratch = Files.createTempDirectory("polymorph-bench-cluster-");
        this.hook = new Thread(this::stopAll, "polymorph-bench-cluster-members");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public double start(String join, Duration timeout, Progress progress) throws IOException, InterruptedException {
        int n = processes.size() + 1;
        Path home = home(scratch.resolve("member-" + n));
        Path out = scratch.resolve("member-" + n + ".out");
        Path err = scratch.resolve("member-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/polymorph").toString(), "member", "--host", host, "--port",
                Integer.toString(freePort()), "--join", join).directory(home.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        synchronized (processes) {
            processes.add(p);
        }
        long end = t0 + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (READY.matcher(Files.readString(out, StandardCharsets.UTF_8)).find()) return (System.nanoTime() - t0) * 1e-9;
            if (!p.isAlive()) throw new IOException("member " + n + " (bin/polymorph member) exited with code " + p.exitValue() + ":\n" + text(out, err));
            progress.checkCancelled("starting member " + n);
            Thread.sleep(100);
        }
        throw new IOException("member " + n + " (bin/polymorph member) did not join " + join + " within " + timeout.toSeconds() + " s:\n" + text(out, err));
    }

    private Path home(Path home) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.copy(distribution.resolve("bin/polymorph"), home.resolve("bin/polymorph"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String shared : SHARED) {
            if (Files.exists(distribution.resolve(shared))) Files.createSymbolicLink(home.resolve(shared), distribution.resolve(shared).toAbsolutePath());
        }
        Files.createDirectories(home.resolve("deploy"));
        Path conf = Files.createDirectories(home.resolve("conf"));
        try (Stream<Path> files = Files.list(distribution.resolve("conf"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String file = f.getFileName().toString();
                if (!file.equals("cluster.properties") && !file.equals("cluster.secret") && !file.equals("server.token")) Files.copy(f, conf.resolve(file));
            }
        }
        Files.writeString(conf.resolve("cluster.properties"), String.join("\n", "# written by bench.cluster for one of its members",
                "cluster.name=" + name, "cluster.host=" + host, "cluster.cores=" + cores, "cluster.secret=" + secretFile.toAbsolutePath(), ""),
                StandardCharsets.UTF_8);
        return home;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String text(Path out, Path err) {
        try {
            return "--- stdout:\n" + Files.readString(out, StandardCharsets.UTF_8) + "--- stderr:\n" + Files.readString(err, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to every member (bin/polymorph execs the member's JVM), SIGKILL to those still there after the wait. */
    private void stopAll() {
        List<Process> all;
        synchronized (processes) {
            all = List.copyOf(processes);
        }
        all.forEach(Process::destroy);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
        for (Process p : all) {
            try {
                if (!p.waitFor(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) already
        }
        for (int n = 1; n <= processes.size(); n++) {
            Path log = scratch.resolve("member-" + n + "/logs/polymorph.log");
            try {
                if (Files.isRegularFile(log)) Files.copy(log, Files.createDirectories(logs).resolve("member-" + n + ".log"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("bench.cluster: could not copy the log of member {}: {}", n, e.getMessage());
            }
        }
        try (Stream<Path> walk = Files.walk(scratch)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());    // links are deleted, never followed
        } catch (IOException e) {
            LOG.warn("bench.cluster: could not delete {}: {}", scratch, e.getMessage());
        }
    }
}
