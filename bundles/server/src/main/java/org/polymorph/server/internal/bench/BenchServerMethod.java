package org.polymorph.server.internal.bench;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.Json;

/**
 * bench.server: requests/s and p50/p99 latency of the HTTP server's {@code GET /api/v1/health} and
 * {@code GET /api/v1/runs/{id}} at several numbers of concurrent loopback clients. It starts {@code bin/polymorph
 * server} of this distribution ({@code polymorph.home}) as a subprocess in a scratch home ({@link ScratchServer}),
 * submits one small run and waits for it, then loads each route with the in-process Java client ({@link JavaLoad},
 * always) and with Debian's {@code wrk} ({@link Wrk}, when installed), and stops the server. Each client is one
 * keep-alive connection sending its next request when the previous answer arrived. The goal: p99 &lt; 10 ms at 64
 * clients on a 2-core machine, where server and load generator share the cores.
 */
public final class BenchServerMethod implements Method {
    public static final String ID = "bench.server";
    static final int GOAL_CLIENTS = 64;
    static final double GOAL_P99_MS = 10;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(300);

    private final Optional<Path> home;

    /** {@code context}: its framework property {@code polymorph.home} is the distribution whose server is measured. */
    @Inject
    public BenchServerMethod(BundleContext context) {
        this(Optional.ofNullable(context.getProperty("polymorph.home")).filter(h -> !h.isBlank()).map(Path::of));
    }

    BenchServerMethod(Optional<Path> home) { this.home = home; }

    @Override public String id() { return ID; }

    @Override public String description() {
        return "HTTP server speed: requests/s and p50/p99 latency (ms) of GET /api/v1/health and /api/v1/runs/{id} at 1, 16, 64"
                + " loopback clients, with wrk (when installed) and a Java client; goal p99 < 10 ms at 64 clients";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("duration", 5, "s", 1, 600, "timed load per route, client count and load generator"),
                ParamSpec.intList("concurrency", List.of(1, 16, GOAL_CLIENTS), "clients", 1, 1024,
                        "numbers of concurrent clients (keep-alive connections, closed loop)"),
                ParamSpec.integer("warmup", 1, "s", 0, 60, "untimed load before each timed one (JIT compilation, connection set-up)"),
                ParamSpec.bool("wrk", true, "also measure with Debian's wrk when it is installed"),
                ParamSpec.text("run", "tensor.info",
                        "the run whose status GET /api/v1/runs/{id} reads: a method id and key=value parameters separated by spaces"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        Map<String, Object> submission = submission(p.getString("run"));
        Path distribution = home.orElseThrow(() -> new IllegalStateException(
                "bench.server needs the distribution's folder (framework property polymorph.home, set by bin/polymorph)"));
        List<Integer> concurrency = p.getIntList("concurrency");
        int seconds = p.getInt("duration");
        int warmup = p.getInt("warmup");
        Optional<Wrk> wrk = p.getBoolean("wrk") ? Wrk.find() : Optional.empty();
        progress.message("starting bin/polymorph server of " + distribution);
        List<LoadFigures> rows = new ArrayList<>();
        Result.Builder r = Result.builder();
        try (ScratchServer server = ScratchServer.start(distribution, START_TIMEOUT)) {
            try {
                Map<?, ?> health = (Map<?, ?>) Json.parse(server.get("/api/v1/health"));
                String runId = finishedRun(server, submission, progress);
                r.put("server", Map.of("url", server.url(), "start_seconds", round(server.startSeconds()),
                        "version", String.valueOf(health.get("version"))));
                r.put("run_id", runId);
                List<String> routes = List.of("/api/v1/health", "/api/v1/runs/" + runId);
                JavaLoad java = new JavaLoad("127.0.0.1", server.port(), Map.of("Authorization", server.authorization()));
                int points = routes.size() * concurrency.size() * (wrk.isPresent() ? 2 : 1);
                for (String route : routes) {
                    for (int clients : concurrency) {
                        progress.checkCancelled("GET " + route + " with " + clients + " clients");
                        progress.update(rows.size(), points, "java: GET " + route + ", " + clients + " clients");
                        rows.add(java.run(route, clients, warmup, seconds));
                        if (wrk.isPresent()) {
                            progress.update(rows.size(), points, "wrk: GET " + route + ", " + clients + " clients");
                            rows.add(wrk.get().run(server.url() + route, "GET " + route, server.authorization(), clients, warmup, seconds));
                        }
                    }
                }
            } finally {
                server.copyLog(dir.resolve("server.log"));
            }
        }
        return result(r, rows, wrk, concurrency, dir);
    }

    private Result result(Result.Builder r, List<LoadFigures> rows, Optional<Wrk> wrk, List<Integer> concurrency, RunDirectory dir)
            throws IOException {
        Map<String, Object> generators = new LinkedHashMap<>();
        generators.put(JavaLoad.GENERATOR, "in-process Java client: plain sockets, HTTP/1.1 keep-alive, one connection and thread per client");
        generators.put(Wrk.GENERATOR, wrk.map(w -> w.version() + ", --latency, threads = min(clients, cores)")
                .orElse("not used (not installed, or wrk=false)"));
        r.put("load_generators", generators);
        r.put("goal", "p99 < " + (int) GOAL_P99_MS + " ms at " + GOAL_CLIENTS + " clients on both routes");
        Map<String, Object> met = new LinkedHashMap<>();
        for (String g : List.of(JavaLoad.GENERATOR, Wrk.GENERATOR)) {
            List<LoadFigures> at = rows.stream().filter(f -> f.generator().equals(g) && f.clients() == GOAL_CLIENTS).toList();
            if (!at.isEmpty()) met.put(g, at.stream().allMatch(f -> f.p99Ms() < GOAL_P99_MS));
        }
        if (met.isEmpty()) r.put("goal_met", "not measured: " + GOAL_CLIENTS + " is not in concurrency " + concurrency);
        else r.put("goal_met", met);
        r.put("errors", rows.stream().mapToLong(LoadFigures::errors).sum());
        r.put("results", rows.stream().map(LoadFigures::toMap).toList());
        StringBuilder csv = new StringBuilder("generator,route,clients,requests,errors,seconds,requests_per_second,p50_ms,p99_ms\n");
        for (LoadFigures f : rows) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.3f,%.1f,%.3f,%.3f%n", f.generator(), f.route(), f.clients(),
                    f.requests(), f.errors(), f.seconds(), f.requestsPerSecond(), f.p50Ms(), f.p99Ms()));
            r.summary(String.format(Locale.ROOT, "%-4s %-28s %3d clients: %9.1f req/s  p50 %7.3f ms  p99 %7.3f ms  %d errors",
                    f.generator(), f.route(), f.clients(), f.requestsPerSecond(), f.p50Ms(), f.p99Ms(), f.errors()));
        }
        r.summary("goal p99 < " + (int) GOAL_P99_MS + " ms at " + GOAL_CLIENTS + " clients: " + (met.isEmpty() ? "not measured" : met));
        dir.writeString("bench.csv", csv.toString());
        return r.build();
    }

    /** The POST /api/v1/runs body for the {@code run} parameter: "METHOD k=v k=v". */
    static Map<String, Object> submission(String raw) {
        String[] words = raw.trim().split("\\s+");
        if (words[0].isEmpty() || words[0].contains("=")) {
            throw BadInputException.forParam("run", raw, "no method id", "give a method id and key=value parameters, e.g. tensor.info");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw BadInputException.forParam("run", raw, "'" + words[i] + "' is not key=value",
                        "give the method's parameters as key=value separated by spaces");
            }
            params.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("method", words[0]);
        body.put("params", params);
        return body;
    }

    /** Submits the run and waits until it is done; its id, or IOException when it did not finish ok. */
    private static String finishedRun(ScratchServer server, Map<String, Object> submission, Progress progress)
            throws IOException, InterruptedException {
        progress.message("submitting " + submission.get("method"));
        String id = String.valueOf(((Map<?, ?>) Json.parse(server.post("/api/v1/runs", Json.write(submission, false)))).get("id"));
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<?, ?> run = (Map<?, ?>) Json.parse(server.get("/api/v1/runs/" + id));
            Object state = run.get("state");
            if ("ok".equals(state)) return id;
            if (!"queued".equals(state) && !"running".equals(state)) {
                throw new IOException("the benchmark's run " + id + " ended " + state + ": " + run.get("progress"));
            }
            progress.checkCancelled("waiting for run " + id);
            Thread.sleep(100);
        }
        throw new IOException("the benchmark's run " + id + " did not finish within " + RUN_TIMEOUT.toSeconds() + " s");
    }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
