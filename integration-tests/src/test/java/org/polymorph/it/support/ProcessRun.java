package org.polymorph.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/polymorph ARGS} as a subprocess in a given working directory, with stdin text, a
 * timeout, and stdout/stderr captured separately.
 *
 * @param exit exit code
 * @param out standard output
 * @param err standard error
 * @param seconds wall time, s
 */
public record ProcessRun(int exit, String out, String err, double seconds) {

    public static ProcessRun polymorph(Path home, Path cwd, String stdin, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/polymorph").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("POLYMORPH_JAVA_OPTS");
        long t0 = System.nanoTime();
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread to = pump(p.getInputStream(), out);
            Thread te = pump(p.getErrorStream(), err);
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                to.join(2000);
                te.join(2000);
                throw new AssertionError("bin/polymorph " + String.join(" ", args) + " did not finish within "
                        + timeout.toSeconds() + " s\n--- stdout:\n" + text(out) + "\n--- stderr:\n" + text(err));
            }
            to.join(5000);
            te.join(5000);
            return new ProcessRun(p.exitValue(), text(out), text(err), (System.nanoTime() - t0) * 1e-9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // the process was killed; what was read so far is kept
            }
        }, "pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    /** For assertion messages. */
    public String describe() {
        return "exit " + exit + " after " + String.format("%.1f", seconds) + " s\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
}
