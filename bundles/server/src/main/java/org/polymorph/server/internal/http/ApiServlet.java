package org.polymorph.server.internal.http;

import jakarta.inject.Provider;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.run.MethodEntry;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.run.RunService;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.server.internal.openapi.Endpoint;
import org.polymorph.server.internal.openapi.OpenApiDocument;
import org.polymorph.server.internal.runs.RunRecord;
import org.polymorph.server.internal.runs.RunStatus;
import org.polymorph.server.internal.runs.ServerRuns;

/**
 * The REST API at {@code /api/v1/*}: routes the request by HTTP method and path to its handler, and answers
 * every failure as the JSON error of {@link Errors}: an unknown path 404, a known path with another HTTP method
 * 405 with {@code Allow}. Authentication, CORS and the Content-Length limit are {@link AccessFilter}'s.
 */
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LogManager.getLogger(ApiServlet.class);
    /** Comment heartbeat interval of event streams. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Event streams open at once at most. */
    static final int MAX_STREAMS = 64;
    static final String COOKIE = "polymorph_token";

    private final transient ServerRuns runs;
    private final transient RunService engine;
    private final transient Provider<TensorService> backend;
    private final transient Provider<Distributed> distributed;
    private final transient ApiConfig config;
    private final transient Clock clock;
    private final transient Instant started;
    private final transient EventStreams streams;
    private final transient List<Route> routes;
    private final transient FinishedRunAnswers finished = new FinishedRunAnswers();

    @Inject
    public ApiServlet(ServerRuns runs, RunService engine, Provider<TensorService> backend, Provider<Distributed> distributed, ApiConfig config,
                      Clock clock) {
        this(runs, engine, backend, distributed, config, clock, HEARTBEAT);
    }

    ApiServlet(ServerRuns runs, RunService engine, Provider<TensorService> backend, Provider<Distributed> distributed, ApiConfig config,
               Clock clock, Duration heartbeat) {
        this.runs = runs;
        this.engine = engine;
        this.backend = backend;
        this.distributed = distributed;
        this.config = config;
        this.clock = clock;
        this.started = clock.instant();
        this.streams = new EventStreams(heartbeat, MAX_STREAMS);
        this.routes = routes();
    }

    private List<Route> routes() {
        return List.of(
                route("GET", "/health", "Liveness, version, queue counts", 200, "Health", null, true, this::health),
                route("GET", "/backend", "The tensor backend", 200, "Backend", null, false, this::backend),
                route("GET", "/cluster", "The cluster: members, their load, items in flight", 200, "Cluster", null, false, this::cluster),
                route("GET", "/methods", "The Methods that can be run", 200, "Methods", null, false, this::methods),
                route("GET", "/methods/{id}", "A Method and its parameters", 200, "MethodDetail", null, false, this::method),
                route("POST", "/runs", "Submit a run (queued)", 202, "Run", "RunRequest", false, this::submit),
                route("GET", "/runs", "Runs, newest first", 200, "Runs", null, false, this::list),
                route("GET", "/runs/{id}", "A run, with its result once done", 200, "Run", null, false, this::get),
                route("DELETE", "/runs/{id}", "Cancel a run", 200, "Run", null, false, this::cancel),
                route("POST", "/runs/{id}/resume", "Resume an interrupted or cancelled resumable run", 202, "Run", null, false, this::resume),
                route("GET", "/runs/{id}/events", "A run's progress, log lines and states (SSE)", 200, "sse", null, false, this::runEvents),
                route("GET", "/runs/{id}/files", "The run directory's files", 200, "Files", null, false, this::files),
                route("GET", "/runs/{id}/files.zip", "A zip of the run directory", 200, "zip", null, false, this::zip),
                new Route(new Endpoint("GET", "/runs/{id}/files/{path}", "One file, by its path relative to the run directory",
                        200, "file", null, false), true, this::file),
                route("GET", "/events", "State changes of every run and Methods coming or going (SSE)", 200, "sse", null, false, this::allEvents),
                route("GET", "/openapi.json", "This document", 200, null, null, false, this::openapi),
                route("POST", "/session", "Set the token cookie", 204, null, "Session", true, this::session));
    }

    private static Route route(String method, String path, String summary, int status, String response, String request,
                               boolean open, Route.Handler handler) {
        return new Route(new Endpoint(method, path, summary, status, response, request, open), false, handler);
    }

    /** The routes' endpoints, as the OpenAPI document lists them. */
    public List<Endpoint> endpoints() {
        return routes.stream().map(Route::endpoint).toList();
    }

    /** Event streams open now. */
    int openStreams() { return streams.openCount(); }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            dispatch(req, resp);
        } catch (IOException e) {
            if (resp.isCommitted() || e instanceof java.io.EOFException) {
                LOG.debug("client went away during {} {}: {}", req.getMethod(), req.getRequestURI(), e.getMessage());
                return;                                   // nobody to answer (Jetty's EofException is an EOFException)
            }
            JsonResponses.error(req, resp, Errors.map(e));
        } catch (Exception e) {
            ApiException error = Errors.map(e);
            JsonResponses.error(req, resp, error);
        }
    }

    private void dispatch(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<String> elements = PathElements.of(req);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Optional<Route.Match> m = r.match(elements);
            if (m.isEmpty()) continue;
            if (r.endpoint().method().equals(req.getMethod())) {
                r.handler().handle(new Exchange(req, resp, m.get(), config.maxBodyBytes()));
                return;
            }
            allowed.add(r.endpoint().method());
        }
        String path = "/" + String.join("/", elements);
        if (!allowed.isEmpty()) {
            throw new ApiException(405, req.getMethod() + " is not allowed on " + Views.BASE + path + "; use " + String.join(" or ", allowed),
                    null, null, "use " + String.join(" or ", allowed), Map.of("Allow", String.join(", ", allowed)));
        }
        throw Errors.notFound("no route " + Views.BASE + path, "see GET " + Views.BASE + "/openapi.json for the routes");
    }

    @Override
    public void destroy() {
        streams.closeAll();
    }

    // ---- routes ----

    private void health(Exchange x) throws IOException {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("queued", runs.list(Optional.of(RunStatus.QUEUED)).size());
        counts.put("running", runs.list(Optional.of(RunStatus.RUNNING)).size());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("version", config.version());
        m.put("runs", counts);
        m.put("uptime_s", Duration.between(started, clock.instant()).toMillis() / 1000.0);
        x.send(200, m);
    }

    private void backend(Exchange x) throws IOException {
        TensorService t = backend.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("details", t.describe().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n")));
        x.send(200, m);
    }

    private void cluster(Exchange x) throws IOException {
        x.send(200, Views.cluster(distributed.get().view()));
    }

    private void methods(Exchange x) throws IOException {
        x.send(200, engine.methods().entries().values().stream().map(Views::method).toList());
    }

    private void method(Exchange x) throws IOException {
        x.send(200, Views.methodDetail(methodEntry(x.var("id"))));
    }

    private MethodEntry methodEntry(String id) {
        try {
            return engine.methods().require(id);
        } catch (BadInputException e) {
            throw new ApiException(404, e.getMessage(), "method", id, "see GET " + Views.BASE + "/methods", Map.of());
        }
    }

    private void submit(Exchange x) throws IOException {
        Map<String, Object> body = x.jsonObject();
        for (String key : body.keySet()) {
            if (!key.equals("method") && !key.equals("params")) {
                throw Errors.badParam(key, Json.write(body.get(key), false), "not a field of a run request",
                        "send {\"method\": \"<id>\", \"params\": {...}}");
            }
        }
        if (!(body.get("method") instanceof String method) || method.isBlank()) {
            throw Errors.badParam("method", body.get("method") == null ? "" : Json.write(body.get("method"), false),
                    "no Method id", "send {\"method\": \"<id>\", \"params\": {...}} with an id from GET " + Views.BASE + "/methods");
        }
        Object params = body.getOrDefault("params", Map.of());
        if (!(params instanceof Map<?, ?> paramMap)) {
            throw Errors.badParam("params", Json.write(params, false), "not a JSON object", "send params as {\"name\": value, ...}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) paramMap;
        created(x, 202, runs.submit(method, ParamText.of(typed)));
    }

    private static void created(Exchange x, int status, RunRecord r) throws IOException {
        x.response().setHeader("Location", Views.self(r.id()));
        x.send(status, Views.run(r));
    }

    private void list(Exchange x) throws IOException {
        String state = x.request().getParameter("state");
        Optional<RunStatus> filter = Optional.empty();
        if (state != null) {
            filter = RunStatus.parse(state);
            if (filter.isEmpty()) {
                throw Errors.badParam("state", state, "not a run state", "use one of " + Arrays.stream(RunStatus.values())
                        .map(RunStatus::id).collect(Collectors.joining(", ")));
            }
        }
        x.send(200, runs.list(filter).stream().map(Views::run).toList());
    }

    private RunRecord run(String id) {
        return runs.get(id).orElseThrow(() -> Errors.notFound("no run '" + id + "'", "see GET " + Views.BASE + "/runs"));
    }

    private void get(Exchange x) throws IOException {
        RunRecord r = run(x.var("id"));
        byte[] made = finished.get(r);
        if (made == null) {
            Map<String, Object> m = Views.run(r);
            if (r.state().done()) runs.resultJson(r.id()).ifPresent(text -> m.put("result", Json.parse(text)));
            made = JsonResponses.bytes(m);
            if (m.containsKey("result")) finished.put(r, made);
        }
        x.sendBytes(200, made);
    }

    private void cancel(Exchange x) throws IOException {
        x.send(200, Views.run(runs.cancel(x.var("id"))));
    }

    private void resume(Exchange x) throws IOException {
        created(x, 202, runs.resume(x.var("id")));
    }

    private void runEvents(Exchange x) throws IOException {
        String id = x.var("id");
        streams.serve(x.response(), sink -> runs.subscribe(id, sink), () -> EventStreams.state(run(id)), EventStreams::runEvent);
    }

    private void allEvents(Exchange x) throws IOException {
        streams.serve(x.response(), runs::subscribeAll, () -> EventStreams.Out.NONE, EventStreams::globalEvent);
    }

    private void files(Exchange x) throws IOException {
        x.send(200, RunFiles.list(run(x.var("id")).runDirectory()));
    }

    private void zip(Exchange x) throws IOException {
        RunRecord r = run(x.var("id"));
        HttpServletResponse resp = x.response();
        resp.setContentType("application/zip");
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + r.id() + ".zip\"");
        RunFiles.zip(r.runDirectory(), resp.getOutputStream());
    }

    private void file(Exchange x) throws IOException {
        List<String> elements = x.rest();
        RunFiles.check(elements);
        RunRecord r = run(x.var("id"));
        String name = String.join("/", elements);
        Path file = RunFiles.resolve(r.runDirectory(), elements).orElseThrow(() -> Errors.notFound(
                "no file '" + name + "' in run '" + r.id() + "'", "see GET " + Views.self(r.id()) + "/files"));
        HttpServletResponse resp = x.response();
        String fileName = elements.get(elements.size() - 1);
        resp.setContentType(RunFiles.contentType(fileName));
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentLengthLong(Files.size(file));
        if ("1".equals(x.request().getParameter("download"))) {
            resp.setHeader("Content-Disposition", "attachment; filename=\"" + fileName.replaceAll("[\"\\\\\\p{Cntrl}]", "_") + "\"");
        }
        Files.copy(file, resp.getOutputStream());
    }

    private void openapi(Exchange x) throws IOException {
        x.send(200, OpenApiDocument.build(endpoints(), engine.methods().entries(), config.version()));
    }

    private void session(Exchange x) throws IOException {
        Object token = x.jsonObject().get("token");
        if (!(token instanceof String t) || !config.token().matches(t)) {
            throw AccessFilter.unauthorized("wrong or missing token", "send {\"token\": \"<the token in conf/server.token>\"}");
        }
        x.response().addHeader("Set-Cookie", COOKIE + "=" + t + "; HttpOnly; SameSite=Strict; Path=/"
                + (x.request().isSecure() ? "; Secure" : ""));
        x.response().setStatus(204);
    }
}
