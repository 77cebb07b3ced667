package org.polymorph.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/polymorph member ARGS} of a distribution copy as a process, its stdout and stderr in files next to the
 * home. {@link #awaitReady} waits for the line the launcher prints once the member is in the cluster.
 */
public final class MemberProcess implements AutoCloseable {
    /** "Polymorph member <uuid> at host:port; cluster <name>: N members". */
    private static final Pattern READY = Pattern.compile("Polymorph member (\\S+) at (\\S+); cluster (\\S+): (\\d+) members?");

    private final Path home;
    private final Process process;
    private final Path out;
    private final Path err;
    private String id;
    private int members;

    private MemberProcess(Path home, Process process, Path out, Path err) {
        this.home = home;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code polymorph member args...} in {@code home}. */
    public static MemberProcess start(Path home, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/polymorph").toString(), "member"));
        cmd.addAll(List.of(args));
        Path out = home.resolveSibling(home.getFileName() + "-member.out");
        Path err = home.resolveSibling(home.getFileName() + "-member.err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("POLYMORPH_JAVA_OPTS");
        return new MemberProcess(home, pb.start(), out, err);
    }

    /** Waits until the member printed that it is in the cluster; fails with its output when it exits or times out. */
    public MemberProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Matcher m = READY.matcher(stdout());
            if (m.find()) {
                id = m.group(1);
                members = Integer.parseInt(m.group(4));
                return this;
            }
            if (!process.isAlive()) throw new AssertionError("the member exited with " + process.exitValue() + "\n" + describe());
            Thread.sleep(100);
        }
        throw new AssertionError("the member did not report within " + timeout.toSeconds() + " s\n" + describe());
    }

    /** Waits for the process to end by itself; its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the member did not exit within " + timeout.toSeconds() + " s\n" + describe());
        }
        return process.exitValue();
    }

    /** The member's id (after {@link #awaitReady}). */
    public String id() { return id; }

    /** The member count it reported. */
    public int members() { return members; }

    /** The distribution home it runs from. */
    public Path home() { return home; }

    /** Whether its log says it started running some work item. */
    public boolean runningItems() throws IOException {
        Path log = home.resolve("logs/polymorph.log");
        return Files.isRegularFile(log) && Files.readString(log, StandardCharsets.UTF_8).contains("running work item");
    }

    /** kill -9: no shutdown of any kind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    public String stdout() throws IOException {
        return Files.isRegularFile(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    public String stderr() throws IOException {
        return Files.isRegularFile(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
    }

    public String describe() {
        try {
            return "--- stdout:\n" + stdout() + "\n--- stderr:\n" + stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGTERM, and waits for the member to stop. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
