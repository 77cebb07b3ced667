package org.polymorph.it.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.it.server.ApiClient.API;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.server.SseStream.Event;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.ServerProcess;

/**
 * The REST contract of {@code bin/polymorph server} over real HTTP: every route, every error status with the JSON
 * error object (the CLI's words), a run's Server-Sent Events from its first state to its end, its files and their
 * zip, the OpenAPI 3.1 document generated from the Methods, and a bundle hot-deployed into deploy/ appearing in
 * /methods, in the OpenAPI document and as a {@code methods} event without a restart.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServerApiIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EXAMPLE_ID = "example.rosenbrock";
    /** About 2 s of md.run on an idle machine: a stream opened after the submission sees several progress events. */
    private static final long STREAMED_STEPS = 20_000;

    private static ServerProcess server;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        server = ScratchServers.start("server-api", Map.of());
        api = ApiClient.of(server);
    }

    @AfterAll
    static void stop() { ScratchServers.stop(server); }

    @Test
    void healthBackendAndMethodsDescribeTheRuntime() {
        Map<?, ?> health = api.withToken(null).get(API + "/health").expect(200).map();
        assertEquals("ok", health.get("status"));
        assertTrue(health.get("version") instanceof String v && !v.isBlank(), health.toString());
        Map<?, ?> runs = (Map<?, ?>) health.get("runs");
        assertTrue(runs.get("queued") instanceof Number && runs.get("running") instanceof Number, health.toString());
        assertTrue(((Number) health.get("uptime_s")).doubleValue() >= 0, health.toString());

        Map<?, ?> backend = api.get(API + "/backend").expect(200).map();
        assertTrue(backend.get("name") instanceof String n && !n.isBlank(), backend.toString());
        assertNotNull(backend.get("details"), backend.toString());

        Map<?, ?> md = ApiClient.entry(api.get(API + "/methods").expect(200).list(), "id", "md.run");
        assertTrue(md.get("description") instanceof String d && d.contains("molecular dynamics"), md.toString());
        assertEquals("org.polymorph.materials", md.get("bundle"));
        assertTrue(md.get("bundle_version") instanceof String v && !v.isBlank(), md.toString());

        Map<?, ?> detail = api.get(API + "/methods/md.run").expect(200).map();
        assertEquals("md.run", detail.get("id"));
        List<?> params = (List<?>) detail.get("params");
        Map<?, ?> steps = ApiClient.entry(params, "name", "steps");
        assertEquals("int", steps.get("type"));
        assertEquals(1000L, steps.get("default"));
        assertEquals("steps", steps.get("unit"));
        assertEquals(0, ((Number) steps.get("min")).doubleValue());
        assertEquals(false, steps.get("required"));
        Map<?, ?> ensemble = ApiClient.entry(params, "name", "ensemble");
        assertEquals("choice", ensemble.get("type"));
        assertTrue(((List<?>) ensemble.get("choices")).containsAll(List.of("nve", "nvt-langevin", "npt")), ensemble.toString());
        assertEquals("boolean", ApiClient.entry(params, "name", "resume").get("type"));
        assertEquals("K", ApiClient.entry(params, "name", "temperature").get("unit"));

        api.get(API + "/methods/no.such").error(404);
    }

    @Test
    void errorsAreJsonWithTheStatusOfTheSpecAndTheWordsOfTheCli() {
        Map<?, ?> unknown = api.post(API + "/runs", "{\"method\": \"md.runn\", \"params\": {}}").error(404);
        assertTrue(((String) unknown.get("error")).contains("md.runn"), unknown.toString());
        assertEquals("method", unknown.get("parameter"), unknown.toString());
        assertEquals("md.runn", unknown.get("value"), unknown.toString());

        Map<String, Object> bad = new HashMap<>(MdParams.tiny());
        bad.put("steps", -5);
        Map<?, ?> e = api.post(API + "/runs", Json.write(Map.of("method", "md.run", "params", bad), false)).error(400);
        assertEquals("steps", e.get("parameter"));
        assertEquals("-5", e.get("value"));
        assertTrue(e.get("fix") instanceof String f && !f.isBlank(), e.toString());
        // the CLI prints the message of the same BadInputException: "parameter 'steps' = '-5': <problem>; <fix>"
        String words = (String) e.get("error");
        assertTrue(words.startsWith("parameter 'steps' = '-5': ") && words.endsWith("; " + e.get("fix")), words);

        Map<?, ?> key = api.post(API + "/runs", "{\"method\": \"md.run\", \"params\": {\"stepz\": 5}}").error(400);
        assertEquals("stepz", key.get("parameter"), key.toString());
        assertTrue(((String) key.get("fix")).contains("steps"), key.toString());
        assertTrue(((String) key.get("error")).contains("unknown parameter 'stepz'") && ((String) key.get("error")).contains("steps"), key.toString());

        api.post(API + "/runs", "{\"method\": \"md.run\", \"params\": ").error(400);
        api.post(API + "/runs", "[1, 2]").error(400);
        String huge = "{\"method\": \"md.run\", \"params\": {\"element\": \"" + "x".repeat(1_100_000) + "\"}}";
        api.post(API + "/runs", huge).error(413);

        for (String path : List.of("/runs/no-such-run", "/runs/no-such-run/events", "/runs/no-such-run/files", "/runs/no-such-run/files.zip")) {
            api.get(API + path).error(404);
        }
        api.delete(API + "/runs/no-such-run").error(404);
        api.post(API + "/runs/no-such-run/resume", "").error(404);
        api.get(API + "/no-such-route").error(404);
        api.get(API + "/runs?state=sleeping").error(400);

        api.method("PUT", API + "/runs").error(405);
        api.delete(API + "/methods").error(405);
        api.post(API + "/health", "{}").error(405);

        ApiClient.Answer anonymous = api.withToken(null).get(API + "/methods");
        anonymous.error(401);
        assertTrue(anonymous.header("WWW-Authenticate").orElse("").startsWith("Bearer"), anonymous.headers().map().toString());
    }

    @Test
    void aRunStreamsItsProgressAndEndsWithItsResultAndFiles() throws Exception {
        Map<?, ?> run;
        List<Event> events;
        try (SseStream global = api.events(API + "/events")) {
            run = api.submit("md.run", MdParams.argon(STREAMED_STEPS, 1000));
            String id = (String) run.get("id");
            assertTrue(id.matches("\\d{8}-\\d{6}-md\\.run-[0-9a-f]{4}"), id);
            assertEquals("md.run", run.get("method"));
            Map<?, ?> params = (Map<?, ?>) run.get("params");
            assertEquals("3,3,3", params.get("repeat"));
            assertEquals(Long.toString(STREAMED_STEPS), params.get("steps"));
            assertTrue(List.of("queued", "running").contains(run.get("state")), run.toString());
            assertTrue(ApiClient.progress(run).keySet().containsAll(List.of("done", "total", "fraction", "message")), run.toString());
            Instant.parse((String) run.get("submitted"));
            assertEquals(true, run.get("resumable"));
            assertEquals(1L, run.get("attempts"));
            assertEquals(Map.of("self", API + "/runs/" + id, "events", API + "/runs/" + id + "/events", "files", API + "/runs/" + id + "/files"),
                    run.get("links"));

            try (SseStream stream = api.events(API + "/runs/" + id + "/events")) {
                events = stream.untilClosed(WAIT);
            }
            List<Event> globalRuns = global.until(ev -> ev.name().equals("run") && id.equals(ev.json().get("id"))
                    && "ok".equals(ev.json().get("state")), WAIT);
            assertTrue(globalRuns.stream().allMatch(ev -> ev.name().equals("run") || ev.name().equals("methods")), globalRuns.toString());
        }
        String id = (String) run.get("id");
        assertEquals("state", events.get(0).name(), events.toString());
        Event end = events.get(events.size() - 1);
        assertEquals("end", end.name(), events.toString());
        assertEquals("ok", end.json().get("state"), end.data());
        List<Map<?, ?>> progress = events.stream().filter(ev -> ev.name().equals("progress")).map(Event::json).toList();
        assertFalse(progress.isEmpty(), "progress events: " + events);
        long last = -1;
        for (Map<?, ?> p : progress) {
            long done = ((Number) p.get("done")).longValue();
            assertTrue(done >= last && done <= STREAMED_STEPS, progress.toString());
            assertEquals(STREAMED_STEPS, ((Number) p.get("total")).longValue(), p.toString());
            double f = ((Number) p.get("fraction")).doubleValue();
            assertTrue(f >= 0 && f <= 1, p.toString());
            last = done;
        }
        assertTrue(last > 0, progress.toString());

        Map<?, ?> finished = api.run(id);
        assertEquals("ok", finished.get("state"));
        assertTrue(Instant.parse((String) finished.get("finished")).isAfter(Instant.parse((String) finished.get("started"))) , finished.toString());
        Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) finished.get("result")).get("result");
        assertEquals(108L, result.get("natoms"));
        assertEquals(STREAMED_STEPS, result.get("steps"));
        assertTrue(ApiClient.ids(api.get(API + "/runs?state=ok").expect(200).list()).contains(id));
        assertFalse(ApiClient.ids(api.get(API + "/runs?state=running").expect(200).list()).contains(id));
        assertTrue(ApiClient.ids(api.get(API + "/runs").expect(200).list()).contains(id));

        try (SseStream again = api.events(API + "/runs/" + id + "/events")) {
            List<Event> done = again.untilClosed(Duration.ofSeconds(10));
            assertEquals(List.of("state", "end"), done.stream().map(Event::name).toList(), "a finished run: state, then end at once");
        }
        assertEquals("ok", api.delete(API + "/runs/" + id).expect(200).map().get("state"), "cancelling a finished run changes nothing");
        api.post(API + "/runs/" + id + "/resume", "").error(400);
        runFiles(id);
    }

    private static void runFiles(String id) throws Exception {
        Path dir = server.runs().resolve(id);
        Map<String, String> types = new HashMap<>();
        for (Object o : api.get(API + "/runs/" + id + "/files").expect(200).list()) {
            Map<?, ?> f = (Map<?, ?>) o;
            types.put((String) f.get("name"), (String) f.get("type"));
            assertEquals(Files.size(dir.resolve((String) f.get("name"))), ((Number) f.get("size")).longValue(), f.toString());
        }
        assertEquals("json", types.get("result.json"), types.toString());
        assertEquals("csv", types.get("thermo.csv"), types.toString());
        assertEquals("png", types.get("thermo.png"), types.toString());
        assertEquals("xyz", types.get("final.extxyz"), types.toString());
        assertTrue(types.containsKey("checkpoint.bin"), types.toString());

        ApiClient.Answer csv = api.get(API + "/runs/" + id + "/files/thermo.csv").expect(200);
        assertEquals(Files.readString(dir.resolve("thermo.csv")), csv.body());
        assertTrue(csv.header("Content-Type").orElse("").startsWith("text/csv"), csv.headers().map().toString());
        ApiClient.Answer download = api.get(API + "/runs/" + id + "/files/final.extxyz?download=1").expect(200);
        assertTrue(download.header("Content-Disposition").orElse("").startsWith("attachment"), download.headers().map().toString());

        byte[] zip = server.client().send(api.request(API + "/runs/" + id + "/files.zip").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry z = in.getNextEntry(); z != null; z = in.getNextEntry()) entries.put(z.getName(), in.readAllBytes());
        }
        assertEquals(types.keySet(), entries.keySet());
        assertArrayEquals(Files.readAllBytes(dir.resolve("thermo.png")), entries.get("thermo.png"));
    }

    @Test
    void theOpenApiDocumentIsVersion31AndListsMdRunsParameters() {
        Map<?, ?> doc = api.get(API + "/openapi.json").expect(200).map();
        assertTrue(((String) doc.get("openapi")).startsWith("3.1"), doc.get("openapi").toString());
        List<String> paths = ((Map<?, ?>) doc.get("paths")).keySet().stream().map(String::valueOf).toList();
        for (String route : List.of("/health", "/backend", "/methods", "/methods/{id}", "/runs", "/runs/{id}", "/runs/{id}/events",
                "/runs/{id}/resume", "/runs/{id}/files", "/runs/{id}/files.zip", "/events", "/openapi.json")) {
            assertTrue(paths.stream().anyMatch(p -> p.endsWith(route)), route + " in " + paths);
        }
        Map<?, ?> md = schema(doc, "md.run");
        assertEquals("object", md.get("type"));
        Map<?, ?> props = (Map<?, ?>) md.get("properties");
        Map<?, ?> steps = (Map<?, ?>) props.get("steps");
        assertEquals("integer", steps.get("type"), steps.toString());
        assertEquals(1000L, steps.get("default"));
        assertEquals(0, ((Number) steps.get("minimum")).doubleValue());
        assertTrue(((List<?>) ((Map<?, ?>) props.get("ensemble")).get("enum")).contains("nvt-nhc"), props.get("ensemble").toString());
        assertEquals("boolean", ((Map<?, ?>) props.get("resume")).get("type"));
        assertTrue(String.valueOf(((Map<?, ?>) props.get("dt")).get("description")).contains("fs"), props.get("dt").toString());
    }

    @Test
    void aBundleHotDeployedIntoDeployAppearsWithoutARestartAndGoesWithItsJar() throws Exception {
        assertFalse(ApiClient.ids(api.get(API + "/methods").expect(200).list()).contains(EXAMPLE_ID));
        Path jar = server.home().resolve("deploy/custom-method-example.jar");
        try (SseStream events = api.events(API + "/events")) {
            Path staged = Files.copy(DistributionHome.exampleJar(), server.home().resolve("custom-method-example.jar.part"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, jar, StandardCopyOption.ATOMIC_MOVE);
            events.until(ev -> ev.name().equals("methods") && ((List<?>) ev.json().get("added")).contains(EXAMPLE_ID), WAIT);
            assertTrue(ApiClient.ids(api.get(API + "/methods").expect(200).list()).contains(EXAMPLE_ID));
            assertEquals("object", schema(api.get(API + "/openapi.json").expect(200).map(), EXAMPLE_ID).get("type"));

            Files.delete(jar);
            events.until(ev -> ev.name().equals("methods") && ((List<?>) ev.json().get("removed")).contains(EXAMPLE_ID), WAIT);
            assertFalse(ApiClient.ids(api.get(API + "/methods").expect(200).list()).contains(EXAMPLE_ID));
        }
    }

    /** components.schemas["params.ID"] of the OpenAPI document. */
    private static Map<?, ?> schema(Map<?, ?> doc, String methodId) {
        Map<?, ?> schemas = (Map<?, ?>) ((Map<?, ?>) doc.get("components")).get("schemas");
        Object s = schemas.get("params." + methodId);
        assertNotNull(s, "components.schemas[params." + methodId + "] among " + schemas.keySet());
        return (Map<?, ?>) s;
    }

}
