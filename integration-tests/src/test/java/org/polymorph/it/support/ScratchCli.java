package org.polymorph.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A scratch copy of the distribution with a separate user working directory, driven through
 * bin/polymorph as a user would; every command is logged with its exit code and time.
 */
public final class ScratchCli {
    private final String label;
    private final Duration timeout;
    private final Path home;
    private final Path cwd;

    private ScratchCli(String label, Duration timeout, Path home, Path cwd) {
        this.label = label;
        this.timeout = timeout;
        this.home = home;
        this.cwd = cwd;
    }

    /** Copies the distribution into a scratch folder named after {@code name}. */
    public static ScratchCli create(String name, String label, Duration timeout) throws java.io.IOException {
        Path scratch = DistributionHome.scratch(name);
        Path home = DistributionHome.copy(scratch);
        return new ScratchCli(label, timeout, home, Files.createDirectories(scratch.resolve("user-cwd")));
    }

    public Path home() { return home; }

    /** The user's working directory (where runs/ appears). */
    public Path cwd() { return cwd; }

    public Duration timeout() { return timeout; }

    /** bin/polymorph with {@code args}, run in {@link #cwd()}. */
    public ProcessRun run(String... args) {
        ProcessRun r = ProcessRun.polymorph(home, cwd, null, timeout, args);
        System.out.printf("[%s] polymorph %s -> exit %d in %.1f s%n", label, String.join(" ", args), r.exit(), r.seconds());
        return r;
    }

    /** Deletes the caches of the copy (hundreds of MB of unpacked native code). */
    public void dropCaches() { DistributionHome.dropCaches(home); }
}
