package org.polymorph.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * {@code bin/polymorph ARGS} on a pseudo-terminal (Debian's {@code /usr/bin/python3} and its {@code pty} module relay
 * the bytes), driven as a user at a terminal would: type keys, wait for text on the screen.
 */
public final class PtySession implements AutoCloseable {
    /** The Python that has the {@code pty} module (Debian's). */
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The control sequences JLine writes (CSI, keypad mode, SS3), carriage returns and bells: not screen text. */
    private static final Pattern ESCAPES = Pattern.compile("\u001B(\\[[0-9;?]*[ -/]*[@-~]|[=>]|O.)|\r|\u0007");

    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final OutputStream keys;
    private int mark;

    private PtySession(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = process.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    synchronized (output) {
                        output.write(buffer, 0, n);
                        output.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended: what was read is kept
            }
        }, "pty-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code home/bin/polymorph args} in {@code cwd} on a {@code columns}×40 terminal of type xterm, with
     * {@code userHome} as the JVM's {@code user.home}.
     */
    public static PtySession start(Path home, Path cwd, Path userHome, int columns, String... args) throws IOException {
        Path relay = Files.createTempFile(cwd, "pty_relay", ".py");
        try (InputStream in = PtySession.class.getResourceAsStream("pty_relay.py")) {
            Files.write(relay, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), relay.toString(),
                Integer.toString(columns), "40", home.resolve("bin/polymorph").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("TERM", "xterm");
        pb.environment().put("POLYMORPH_JAVA_OPTS", "-Duser.home=" + userHome);
        return new PtySession(pb.start());
    }

    /** Types {@code text} (control characters and escape sequences included). */
    public PtySession type(String text) {
        try {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the terminal is gone\n" + screen(), e);
        }
        return this;
    }

    /**
     * Waits until the screen text written since the last match matches {@code regex} (DOTALL); returns the match
     * and moves the mark past it.
     */
    public Matcher expect(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                String text = plain(output.toString(StandardCharsets.UTF_8));
                Matcher m = p.matcher(text);
                if (mark <= text.length() && m.find(mark)) {
                    mark = m.end();
                    return m;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && output.size() == 0) {
                    throw new AssertionError("no /" + regex + "/ on the terminal within " + timeout.toSeconds()
                            + " s; since the last match:\n" + text.substring(Math.min(mark, text.length())));
                }
                output.wait(Math.min(200, Math.max(1, left / 1_000_000)));
            }
        }
    }

    /** Everything written to the terminal so far, escape sequences and carriage returns removed. */
    public String screen() {
        synchronized (output) {
            return plain(output.toString(StandardCharsets.UTF_8));
        }
    }

    /** The exit code, waiting at most {@code timeout}. */
    public int exit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("bin/polymorph did not exit within " + timeout.toSeconds() + " s\n" + screen());
        }
        return process.exitValue();
    }

    static String plain(String raw) {
        return ESCAPES.matcher(raw).replaceAll("");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
