package org.polymorph.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/polymorph server} of a distribution copy, as a process on a free loopback port, with the HTTP
 * calls the server tests make (bearer token from the server's token file). {@link #close()} sends SIGTERM and
 * waits for a clean exit.
 */
public final class ServerProcess implements AutoCloseable {
    /** The line the launcher prints once the server answers. */
    static final String READY = "Polymorph server at ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final int port;
    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    private ServerProcess(Path home, int port, Process process) {
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /**
     * Writes {@code settings} into {@code home/conf/server.properties} (over the shipped ones), starts the server
     * on a free port and waits until it prints that it answers.
     */
    public static ServerProcess start(Path home, Map<String, String> settings) throws IOException {
        return start(home, freePort(), settings);
    }

    /** The same home and port again (after {@link #close()}): the runs and the index are the earlier server's. */
    public ServerProcess restart() throws IOException {
        return start(home, port, Map.of());
    }

    private static ServerProcess start(Path home, int port, Map<String, String> settings) throws IOException {
        if (!settings.isEmpty()) writeSettings(home, settings);
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/polymorph").toString(), "server", "--port",
                Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().remove("POLYMORPH_JAVA_OPTS");
        ServerProcess server = new ServerProcess(home, port, pb.start());
        server.pump();
        server.awaitReady();
        return server;
    }

    private static void writeSettings(Path home, Map<String, String> settings) throws IOException {
        Path file = home.resolve("conf/server.properties");
        Map<String, String> all = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) all.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        all.putAll(settings);
        StringBuilder text = new StringBuilder("# written by an integration test\n");
        all.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text);
    }

    /** A port that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void pump() {
        InputStream in = process.getInputStream();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (output) {
                        output.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "server-output-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void awaitReady() {
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (output().contains(READY)) return;
            if (!process.isAlive()) {
                throw new AssertionError("bin/polymorph server exited with " + process.exitValue() + " before it served:\n" + output());
            }
            sleep(100);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("bin/polymorph server did not answer within " + START_TIMEOUT.toSeconds() + " s:\n" + output());
    }

    /** Everything the server printed (stdout and stderr) so far. */
    public String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    public Path home() { return home; }

    public int port() { return port; }

    public Process process() { return process; }

    /** The server's runs folder (the default runs_dir). */
    public Path runs() { return home.resolve("runs"); }

    /** The bearer token from {@code conf/server.token}. */
    public String token() {
        if (token == null) {
            try {
                token = Files.readString(home.resolve("conf/server.token")).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return token;
    }

    /** {@code http://127.0.0.1:PORT} + path (e.g. "/api/v1/health"). */
    public URI uri(String path) { return URI.create("http://127.0.0.1:" + port + path); }

    public HttpClient client() { return client; }

    /** A request to {@code path} carrying the bearer token. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token());
    }

    public HttpResponse<String> get(String path) { return send(request(path).GET().build()); }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> delete(String path) { return send(request(path).DELETE().build()); }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed; server output:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Sends SIGTERM (to the launcher script and its JVM) and waits up to {@code timeout}; returns the exit code. */
    public int stop(Duration timeout) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("bin/polymorph server did not stop within " + timeout.toSeconds()
                        + " s of SIGTERM:\n" + output());
            }
            // the JVM itself (the script may have run it as a child) must be gone too
            long deadline = System.nanoTime() + timeout.toNanos();
            while (process.descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) stop(Duration.ofSeconds(45));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
