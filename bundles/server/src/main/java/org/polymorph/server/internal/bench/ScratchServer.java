package org.polymorph.server.internal.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code bin/polymorph server} of a distribution as a subprocess, for a benchmark. It runs in a scratch home that
 * leaves the distribution's own runs, token and caches alone: {@code bin/} holds a copy of the start script (which
 * takes its home from its own folder), {@code lib/}, {@code bundle/} and {@code potentials/} are links to the
 * distribution's, {@code deploy/} is empty, and {@code conf/} is the distribution's with {@code server.properties}
 * written for a free loopback port, the scratch runs folder and a new token file (rw-------).
 */
final class ScratchServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ScratchServer.class);
    private static final List<String> SHARED = List.of("lib", "bundle", "potentials");
    private static final Duration STOP_WAIT = Duration.ofSeconds(45);

    private final Path scratch;
    private final Process process;
    private final String url;
    private final int port;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private double startSeconds;

    private ScratchServer(Path scratch, Process process, int port, String token) {
        this.scratch = scratch;
        this.process = process;
        this.port = port;
        this.url = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** Starts the server of {@code distribution} in a new scratch home and waits until GET /api/v1/health answers 200. */
    static ScratchServer start(Path distribution, Duration timeout) throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("polymorph-bench-server-");
        ScratchServer server = null;
        try {
            int port = freePort();
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            Path home = home(distribution, scratch.resolve("home"), port, token);
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/polymorph").toString(), "server", "--host", "127.0.0.1",
                    "--port", Integer.toString(port)).directory(scratch.toFile())
                    .redirectOutput(scratch.resolve("server.out").toFile()).redirectError(scratch.resolve("server.err").toFile());
            long t0 = System.nanoTime();
            server = new ScratchServer(scratch, pb.start(), port, token);
            server.awaitHealth(timeout);
            server.startSeconds = (System.nanoTime() - t0) / 1e9;
            return server;
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (server != null) server.close();
            else delete(scratch);
            throw e;
        }
    }

    private static Path home(Path distribution, Path home, int port, String token) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.copy(distribution.resolve("bin/polymorph"), home.resolve("bin/polymorph"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String name : SHARED) {
            if (Files.exists(distribution.resolve(name))) Files.createSymbolicLink(home.resolve(name), distribution.resolve(name).toAbsolutePath());
        }
        Files.createDirectories(home.resolve("deploy"));
        Path conf = Files.createDirectories(home.resolve("conf"));
        try (Stream<Path> files = Files.list(distribution.resolve("conf"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, conf.resolve(f.getFileName()));
        }
        Path tokenFile = conf.resolve("server.token");
        Files.writeString(tokenFile, token + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(conf.resolve("server.properties"), String.join("\n",
                "# written by bench.server for its scratch server",
                "host=127.0.0.1", "port=" + port, "runs_dir=" + home.resolve("runs"), "token_file=" + tokenFile,
                "reads_open=false", "max_concurrent_runs=1", "max_queued_runs=1000", "cors_origins=", "max_body_bytes=1048576", ""),
                StandardCharsets.UTF_8);
        return home;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitHealth(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("bin/polymorph server exited with code " + process.exitValue() + " before answering:\n" + output());
            }
            try {
                if (http.send(request("/api/v1/health").build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("bin/polymorph server did not answer GET " + url + "/api/v1/health within " + timeout.toSeconds() + " s:\n" + output());
    }

    String url() { return url; }

    int port() { return port; }

    /** The value of the Authorization header. */
    String authorization() { return "Bearer " + token; }

    /** Seconds from the process start to the first answer of GET /api/v1/health. */
    double startSeconds() { return startSeconds; }

    /** GET {@code path} with the token; the body of a 200 answer, else IOException with the status and body. */
    String get(String path) throws IOException, InterruptedException {
        return body(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()), 200);
    }

    /** POST a JSON body with the token; the body of a 202 answer, else IOException with the status and body. */
    String post(String path, String json) throws IOException, InterruptedException {
        return body(http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()), 202);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30)).header("Authorization", authorization());
    }

    private static String body(HttpResponse<String> r, int expected) throws IOException {
        if (r.statusCode() != expected) {
            throw new IOException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** The server's stdout and stderr so far, for error messages. */
    private String output() {
        StringBuilder b = new StringBuilder();
        for (String name : List.of("server.out", "server.err")) {
            try {
                b.append("--- ").append(name).append(":\n").append(Files.readString(scratch.resolve(name), StandardCharsets.UTF_8));
            } catch (IOException e) {
                b.append("--- ").append(name).append(": unreadable (").append(e.getMessage()).append(")\n");
            }
        }
        return b.toString();
    }

    /** Copies the server's log (logs/polymorph.log of the scratch home) to {@code target}, when there is one. */
    void copyLog(Path target) throws IOException {
        Path log = scratch.resolve("home/logs/polymorph.log");
        if (Files.isRegularFile(log)) Files.copy(log, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * SIGTERM (bin/polymorph execs the server's JVM, so the signal reaches it), waiting for a clean stop (SIGKILL after
     * 45 s), then deletes the scratch home.
     */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            delete(scratch);
        }
    }

    /** Deletes {@code dir} and everything under it; links are deleted, never followed. */
    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("bench.server: could not delete {}: {}", dir, e.getMessage());
        }
    }
}
