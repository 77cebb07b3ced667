package org.polymorph.server.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.run.testing.FakeMethods;
import org.polymorph.core.runtime.Json;

/** The REST API over HTTP: every route, status code and error shape of the spec. */
class ApiServletTest {
    static final long MAX_BODY = 4096;
    @TempDir static Path home;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(home, false, Set.of("https://lab.example.org"), MAX_BODY, 1000, Duration.ofMillis(200),
                FakeMethods.sum(), FakeMethods.required(), FakeMethods.steps(), FakeMethods.failing());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(HttpResponse<String> r) {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        return (Map<String, Object>) Json.parse(r.body());
    }

    static List<?> array(HttpResponse<String> r) {
        return (List<?>) Json.parse(r.body());
    }

    /** Submits and waits until the run is done; its run object (GET, with result). */
    static Map<String, Object> runToEnd(String method, String params) throws Exception {
        HttpResponse<String> r = server.post("/api/v1/runs", "{\"method\":\"" + method + "\",\"params\":" + params + "}");
        assertEquals(202, r.statusCode(), r.body());
        String id = (String) object(r).get("id");
        assertEquals("/api/v1/runs/" + id, r.headers().firstValue("Location").orElseThrow());
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            Map<String, Object> run = object(server.get("/api/v1/runs/" + id));
            if (!List.of("queued", "running").contains(run.get("state"))) return run;
            Thread.sleep(20);
        }
        throw new AssertionError("run " + id + " did not end");
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        HttpResponse<String> r = server.send(server.request("/api/v1/health"));
        assertEquals(200, r.statusCode());
        Map<String, Object> h = object(r);
        assertEquals("ok", h.get("status"));
        assertEquals("9.9.9", h.get("version"));
        assertEquals(Set.of("queued", "running"), ((Map<?, ?>) h.get("runs")).keySet());
        assertTrue(((Number) h.get("uptime_s")).doubleValue() >= 0);
    }

    @Test
    void everyOtherRouteNeedsTheToken() throws Exception {
        for (String[] route : new String[][] {{"GET", "/api/v1/methods"}, {"GET", "/api/v1/runs"}, {"POST", "/api/v1/runs"},
                {"DELETE", "/api/v1/runs/x"}, {"POST", "/api/v1/runs/x/resume"}, {"GET", "/api/v1/openapi.json"}, {"GET", "/api/v1/events"}}) {
            for (String auth : new String[] {null, "Bearer wrong", "Bearer " + TestServer.TOKEN.substring(1), "Basic " + TestServer.TOKEN}) {
                HttpRequest.Builder b = server.request(route[1]).method(route[0], HttpRequest.BodyPublishers.ofString("{}"));
                if (auth != null) b.header("Authorization", auth);
                HttpResponse<String> r = server.send(b);
                assertEquals(401, r.statusCode(), route[0] + " " + route[1] + " with " + auth);
                assertEquals("Bearer realm=\"polymorph\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
                assertTrue(((String) object(r).get("error")).contains("token"));
            }
        }
    }

    @Test
    void theSessionCookieIsSetForTheRightTokenOnly() throws Exception {
        HttpResponse<String> wrong = server.send(server.request("/api/v1/session").POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"nope\"}")));
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());
        HttpResponse<String> ok = server.send(server.request("/api/v1/session")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + TestServer.TOKEN + "\"}")));
        assertEquals(204, ok.statusCode());
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("polymorph_token=" + TestServer.TOKEN + ";") && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
        assertEquals(200, server.send(server.request("/api/v1/methods").header("Cookie", "polymorph_token=" + TestServer.TOKEN)).statusCode());
        assertEquals(401, server.send(server.request("/api/v1/methods").header("Cookie", "polymorph_token=x")).statusCode());
    }

    @Test
    void methodsAndTheirParameters() throws Exception {
        List<?> list = array(server.get("/api/v1/methods"));
        assertEquals(List.of("test.fail", "test.need", "test.steps", "test.sum"), list.stream().map(m -> ((Map<?, ?>) m).get("id")).toList());
        Map<?, ?> first = (Map<?, ?>) list.get(3);
        assertEquals(FakeMethods.BUNDLE, first.get("bundle"));
        assertEquals(FakeMethods.BUNDLE_VERSION, first.get("bundle_version"));
        Map<String, Object> sum = object(server.get("/api/v1/methods/test.sum"));
        List<?> params = (List<?>) sum.get("params");
        Map<?, ?> n = (Map<?, ?>) params.get(0);
        assertEquals("n", n.get("name"));
        assertEquals("int", n.get("type"));
        assertEquals(10L, n.get("default"));
        assertEquals(1L, n.get("min"));
        assertEquals(1000L, n.get("max"));
        assertNull(n.get("unit"));
        assertNull(n.get("choices"));
        assertEquals(false, n.get("required"));
        assertEquals("eV", ((Map<?, ?>) params.get(1)).get("unit"));
        assertEquals("int_list", ((Map<?, ?>) params.get(2)).get("type"));
        assertEquals(true, ((Map<?, ?>) ((List<?>) object(server.get("/api/v1/methods/test.need")).get("params")).get(0)).get("required"));

        HttpResponse<String> unknown = server.get("/api/v1/methods/test.smu");
        assertEquals(404, unknown.statusCode());
        Map<String, Object> e = object(unknown);
        assertEquals("method", e.get("parameter"));
        assertEquals("test.smu", e.get("value"));
        assertTrue(((String) e.get("error")).contains("did you mean test.sum"), e.toString());
    }

    @Test
    void aRunIsSubmittedFollowedAndItsResultServed() throws Exception {
        Map<String, Object> run = runToEnd("test.sum", "{\"n\": 4, \"factor\": 2.5, \"sizes\": [3, 4]}");
        assertEquals("ok", run.get("state"));
        assertEquals(Map.of("n", "4", "factor", "2.5", "sizes", "3,4"), run.get("params"));
        Map<?, ?> result = (Map<?, ?>) run.get("result");
        assertEquals("ok", result.get("status"));
        assertEquals(25.0, ((Map<?, ?>) result.get("result")).get("sum"));
        Map<?, ?> progress = (Map<?, ?>) run.get("progress");
        assertEquals(1.0, progress.get("fraction"));
        String id = (String) run.get("id");
        assertEquals(Map.of("self", "/api/v1/runs/" + id, "events", "/api/v1/runs/" + id + "/events",
                "files", "/api/v1/runs/" + id + "/files"), run.get("links"));

        assertTrue(array(server.get("/api/v1/runs?state=ok")).stream().anyMatch(r -> id.equals(((Map<?, ?>) r).get("id"))));
        assertTrue(array(server.get("/api/v1/runs?state=queued")).stream().noneMatch(r -> id.equals(((Map<?, ?>) r).get("id"))));
        HttpResponse<String> badState = server.get("/api/v1/runs?state=done");
        assertEquals(400, badState.statusCode());
        assertEquals("state", object(badState).get("parameter"));

        // files: list, one file, a download, the zip
        List<?> files = array(server.get("/api/v1/runs/" + id + "/files"));
        List<String> names = files.stream().map(f -> (String) ((Map<?, ?>) f).get("name")).toList();
        assertTrue(names.contains("note.txt") && names.contains("result.json"), names.toString());
        HttpResponse<String> note = server.get("/api/v1/runs/" + id + "/files/note.txt");
        assertEquals(200, note.statusCode());
        assertEquals("sum\n", note.body());
        assertTrue(note.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(note.headers().firstValue("Content-Disposition").isEmpty());
        assertEquals("attachment; filename=\"note.txt\"", server.get("/api/v1/runs/" + id + "/files/note.txt?download=1")
                .headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals(404, server.get("/api/v1/runs/" + id + "/files/none.txt").statusCode());
        HttpResponse<InputStream> zip = server.client.send(server.authed("/api/v1/runs/" + id + "/files.zip").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("application/zip", zip.headers().firstValue("Content-Type").orElseThrow());
        List<String> entries = new ArrayList<>();
        try (ZipInputStream z = new ZipInputStream(zip.body())) {
            for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) entries.add(e.getName());
        }
        assertEquals(names, entries);
    }

    @Test
    void pathTraversalNeverServesAByteFromOutside() throws Exception {
        Map<String, Object> run = runToEnd("test.sum", "{}");
        String id = (String) run.get("id");
        Path dir = server.runsFolder.resolve(id);
        Path secret = Files.writeString(home.resolve("secret.txt"), "TOP-SECRET");
        Files.createSymbolicLink(dir.resolve("link.txt"), secret);
        Files.createSymbolicLink(dir.resolve("up"), home);
        String auth = "Authorization: Bearer " + TestServer.TOKEN;
        String prefix = "/api/v1/runs/" + id + "/files";
        for (String target : List.of("/../../../secret.txt", "/%2e%2e/%2e%2e/%2e%2e/secret.txt", "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fsecret.txt",
                "/..%5c..%5c..%5csecret.txt", "/%2fetc%2fpasswd", "//etc/passwd", "/note.txt%00.png", "/link.txt", "/up/secret.txt",
                "/up/runs/" + id + "/note.txt", "/%252e%252e/%252e%252e/%252e%252e/secret.txt")) {
            String response = server.raw("GET", prefix + target, auth);
            int status = Integer.parseInt(response.substring(9, 12));
            assertTrue(status == 400 || status == 404, target + " → " + response);
            assertFalse(response.contains("TOP-SECRET"), target);
        }
        assertTrue(server.raw("GET", prefix + "/note.txt", auth).startsWith("HTTP/1.1 200"));
        assertFalse(array(server.get(prefix)).stream().anyMatch(f -> ((Map<?, ?>) f).get("name").toString().contains("link")));
    }

    @Test
    void aClientGoingAwayDuringADownloadIsNotAnError() throws Exception {
        String id = (String) runToEnd("test.sum", "{}").get("id");
        Files.write(server.runsFolder.resolve(id).resolve("big.bin"), new byte[64 << 20]);
        try (ErrorLog log = new ErrorLog()) {
            try (java.net.Socket s = new java.net.Socket(server.base.getHost(), server.base.getPort())) {
                s.getOutputStream().write(("GET /api/v1/runs/" + id + "/files/big.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + TestServer.TOKEN + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                assertEquals(1024, s.getInputStream().readNBytes(1024).length);
                s.setSoLinger(true, 0);                   // a reset, as a browser tab closed mid-download
            }
            Thread.sleep(1500);
            assertEquals(List.of(), log.errors());
        }
    }

    @Test
    void badParametersAnswer400WithTheCliWords() throws Exception {
        HttpResponse<String> r = server.post("/api/v1/runs", "{\"method\":\"test.sum\",\"params\":{\"n\":0}}");
        assertEquals(400, r.statusCode());
        Map<String, Object> e = object(r);
        assertEquals("n", e.get("parameter"));
        assertEquals("0", e.get("value"));
        assertEquals("parameter 'n' = '0': out of range [1, 1000]; give a value between [1, 1000]", e.get("error"));
        assertEquals("give a value between [1, 1000]", e.get("fix"));

        Map<String, Object> unknownKey = object(server.post("/api/v1/runs", "{\"method\":\"test.sum\",\"params\":{\"nn\":3}}"));
        assertTrue(((String) unknownKey.get("error")).contains("nn"), unknownKey.toString());
        assertEquals(400, server.post("/api/v1/runs", "{\"method\":\"test.sum\",\"params\":{\"n\":[1,[2]]}}").statusCode());
        assertEquals(400, server.post("/api/v1/runs", "{\"params\":{}}").statusCode());
        assertEquals(400, server.post("/api/v1/runs", "{\"method\":\"test.sum\",\"params\":[1]}").statusCode());
        assertEquals(400, server.post("/api/v1/runs", "{\"method\":\"test.sum\",\"extra\":1}").statusCode());
        HttpResponse<String> unknown = server.post("/api/v1/runs", "{\"method\":\"test.nope\"}");
        assertEquals(404, unknown.statusCode());
        assertTrue(((String) object(unknown).get("error")).contains("test.nope"));
    }

    @Test
    void malformedAndOversizedBodies() throws Exception {
        for (String bad : List.of("{\"method\":", "not json", "[1,2]", "", "{\"method\":\"test.sum\"} trailing")) {
            HttpResponse<String> r = server.post("/api/v1/runs", bad);
            assertEquals(400, r.statusCode(), bad);
            assertTrue(object(r).get("error") != null);
        }
        String big = "{\"method\":\"test.need\",\"params\":{\"label\":\"" + "x".repeat((int) MAX_BODY) + "\"}}";
        HttpResponse<String> sized = server.post("/api/v1/runs", big);
        assertEquals(413, sized.statusCode());
        assertTrue(((String) object(sized).get("error")).contains(Long.toString(MAX_BODY)));
        // chunked: no Content-Length, the limit is counted while reading
        HttpResponse<String> chunked = server.send(server.authed("/api/v1/runs").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(413, chunked.statusCode());
        assertEquals(202, server.send(server.authed("/api/v1/runs").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream("{\"method\":\"test.need\",\"params\":{\"label\":\"small\"}}".getBytes(StandardCharsets.UTF_8)))))
                .statusCode());
    }

    @Test
    void unknownRoutesRunsAndWrongMethods() throws Exception {
        HttpResponse<String> route = server.get("/api/v1/nothing/here");
        assertEquals(404, route.statusCode());
        assertTrue(((String) object(route).get("error")).contains("/api/v1/nothing/here"));
        for (String path : List.of("/api/v1/runs/nope", "/api/v1/runs/nope/files", "/api/v1/runs/nope/files/a.txt",
                "/api/v1/runs/nope/files.zip", "/api/v1/runs/nope/events")) {
            assertEquals(404, server.get(path).statusCode(), path);
        }
        assertEquals(404, server.send(server.authed("/api/v1/runs/nope").DELETE()).statusCode());
        assertEquals(404, server.post("/api/v1/runs/nope/resume", "").statusCode());

        HttpResponse<String> put = server.send(server.authed("/api/v1/runs").PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, put.statusCode());
        assertEquals("POST, GET", put.headers().firstValue("Allow").orElseThrow());
        HttpResponse<String> delete = server.send(server.authed("/api/v1/methods").DELETE());
        assertEquals(405, delete.statusCode());
        assertEquals("GET", delete.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, server.get("/api/v1/session").statusCode());
    }

    @Test
    void cancelAndResume() throws Exception {
        HttpResponse<String> r = server.post("/api/v1/runs", "{\"method\":\"test.steps\",\"params\":{\"steps\":100000,\"step_ms\":5}}");
        assertEquals(202, r.statusCode(), r.body());
        String id = (String) object(r).get("id");
        assertEquals(true, object(r).get("resumable"));
        HttpResponse<String> badResume = server.post("/api/v1/runs/" + id + "/resume", "");
        assertEquals(400, badResume.statusCode(), badResume.body());
        HttpResponse<String> cancel = server.send(server.authed("/api/v1/runs/" + id).DELETE());
        assertEquals(200, cancel.statusCode());
        assertEquals(id, object(cancel).get("id"));
        long end = System.nanoTime() + 10_000_000_000L;
        String state = "";
        while (System.nanoTime() < end && !(state = (String) object(server.get("/api/v1/runs/" + id)).get("state")).equals("cancelled")) {
            Thread.sleep(20);
        }
        assertEquals("cancelled", state);
        HttpResponse<String> resumed = server.post("/api/v1/runs/" + id + "/resume", "");
        assertEquals(202, resumed.statusCode(), resumed.body());
        assertEquals("/api/v1/runs/" + id, resumed.headers().firstValue("Location").orElseThrow());
        assertEquals(200, server.send(server.authed("/api/v1/runs/" + id).DELETE()).statusCode());
    }

    /** Reads an SSE stream until {@code until} is seen as an event name (or the stream ends); the event names in order. */
    static List<String> events(InputStream in, String until, List<String> data) throws Exception {
        List<String> names = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("event: ")) names.add(line.substring(7));
                if (line.startsWith("data: ")) data.add(line.substring(6));
                if (line.isEmpty() && !names.isEmpty() && names.get(names.size() - 1).equals(until)) break;
            }
        }
        return names;
    }

    @Test
    void aRunsEventStreamHasStateProgressAndEnd() throws Exception {
        HttpResponse<String> r = server.post("/api/v1/runs", "{\"method\":\"test.steps\",\"params\":{\"steps\":20,\"step_ms\":20}}");
        String id = (String) object(r).get("id");
        HttpResponse<InputStream> stream = server.client.send(server.authed("/api/v1/runs/" + id + "/events").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        List<String> data = new ArrayList<>();
        List<String> names = events(stream.body(), "end", data);
        assertEquals("state", names.get(0));
        assertTrue(names.contains("progress"), names.toString());
        assertEquals("end", names.get(names.size() - 1));
        Map<?, ?> last = (Map<?, ?>) Json.parse(data.get(data.size() - 1));
        assertEquals("ok", last.get("state"));
        Map<?, ?> progress = (Map<?, ?>) Json.parse(data.get(names.indexOf("progress")));
        assertEquals(Set.of("state", "done", "total", "fraction", "message"), progress.keySet());

        // a finished run: state then end at once
        HttpResponse<InputStream> again = server.client.send(server.authed("/api/v1/runs/" + id + "/events").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(List.of("state", "end"), events(again.body(), "end", new ArrayList<>()));
    }

    @Test
    void progressIsThinnedToTenEventsASecond() throws Exception {
        HttpResponse<String> r = server.post("/api/v1/runs", "{\"method\":\"test.steps\",\"params\":{\"steps\":400,\"step_ms\":2}}");
        String id = (String) object(r).get("id");
        long t0 = System.nanoTime();
        HttpResponse<InputStream> stream = server.client.send(server.authed("/api/v1/runs/" + id + "/events").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> data = new ArrayList<>();
        List<String> names = events(stream.body(), "end", data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long progress = names.stream().filter("progress"::equals).count();
        assertTrue(progress >= 1 && progress <= seconds * 1000 / EventStreams.PROGRESS_INTERVAL.toMillis() + 2,
                progress + " progress events in " + seconds + " s");
        assertEquals("end", names.get(names.size() - 1));
        assertTrue(names.indexOf("progress") < names.lastIndexOf("state"), "the order of events is kept");
    }

    @Test
    void theGlobalStreamCarriesRunsAndMethods() throws Exception {
        HttpResponse<InputStream> stream = server.client.send(server.authed("/api/v1/events").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        server.runs.methodsChanged(List.of("test.new"), List.of());
        runToEnd("test.need", "{\"label\":\"x\"}");
        List<String> data = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null && !(names.contains("methods") && data.stream().anyMatch(d -> d.contains("\"ok\""))); ) {
                if (line.startsWith("event: ")) names.add(line.substring(7));
                if (line.startsWith("data: ")) data.add(line.substring(6));
            }
        }
        assertTrue(names.contains("run"), names.toString());
        assertEquals(Map.of("added", List.of("test.new"), "removed", List.of()), Json.parse(data.get(names.indexOf("methods"))));
    }

    @Test
    void aClientGoingAwayFreesItsStreamAndStreamsDoNotStarveShortRequests() throws Exception {
        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            streams.add(server.client.send(server.authed("/api/v1/events").build(), HttpResponse.BodyHandlers.ofInputStream()));
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.servlet.openStreams() < 5 && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(server.servlet.openStreams() >= 5);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String path = i % 2 == 0 ? "/api/v1/health" : "/api/v1/methods";
                answers.add(pool.submit(() -> server.get(path).statusCode()));
            }
            for (Future<Integer> a : answers) assertEquals(200, a.get(20, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        for (HttpResponse<InputStream> s : streams) s.body().close();
        deadline = System.nanoTime() + 5_000_000_000L;
        while (server.servlet.openStreams() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(0, server.servlet.openStreams(), "the heartbeat finds the closed connections and ends their streams");
    }

    @Test
    void corsOnlyForConfiguredOrigins() throws Exception {
        HttpResponse<String> allowed = server.send(server.authed("/api/v1/methods").header("Origin", "https://lab.example.org"));
        assertEquals("https://lab.example.org", allowed.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        HttpResponse<String> other = server.send(server.authed("/api/v1/methods").header("Origin", "https://evil.example.com"));
        assertEquals(200, other.statusCode());
        assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        HttpResponse<String> preflight = server.send(server.request("/api/v1/runs").header("Origin", "https://lab.example.org")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("Authorization"));
        HttpResponse<String> noToken = server.send(server.request("/api/v1/methods").header("Origin", "https://lab.example.org"));
        assertEquals(401, noToken.statusCode());
        assertEquals("https://lab.example.org", noToken.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    @Test
    void theOpenApiDocumentListsEveryRouteAndMethod() throws Exception {
        Map<String, Object> doc = object(server.get("/api/v1/openapi.json"));
        assertEquals("3.1.0", doc.get("openapi"));
        Map<?, ?> paths = (Map<?, ?>) doc.get("paths");
        for (var e : server.servlet.endpoints()) {
            assertTrue(((Map<?, ?>) paths.get(e.path())).containsKey(e.method().toLowerCase()), e.toString());
        }
        Map<?, ?> schemas = (Map<?, ?>) ((Map<?, ?>) doc.get("components")).get("schemas");
        for (String m : List.of("test.sum", "test.need", "test.steps", "test.fail")) assertTrue(schemas.containsKey("params." + m), m);
    }

    @Test
    void theBackend() throws Exception {
        Map<String, Object> b = object(server.get("/api/v1/backend"));
        assertEquals("reference", b.get("name"));
        assertEquals("threads: 2", b.get("details"));
    }
}
