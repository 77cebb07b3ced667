package org.polymorph.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.ServerProcess;

/**
 * The REST API of a running server as a client sees it (java.net.http): requests with or without the bearer token,
 * answers with their JSON parsed, run submission and waiting, Server-Sent Event streams ({@link SseStream}), and
 * raw requests written byte for byte on a socket (for paths a URI class would normalise or refuse).
 */
final class ApiClient {
    static final String API = "/api/v1";
    static final Set<String> DONE = Set.of("ok", "failed", "bad_input", "cancelled", "interrupted");

    private final ServerProcess server;
    private final String token;
    private final HttpClient http;

    /** Requests to {@code server} carrying {@code token} (null: no Authorization header). */
    ApiClient(ServerProcess server, String token) {
        this.server = server;
        this.token = token;
        this.http = server.client();
    }

    /** Requests carrying the server's own token. */
    static ApiClient of(ServerProcess server) { return new ApiClient(server, server.token()); }

    /** The same server, sending {@code other} as the token (null: no Authorization header). */
    ApiClient withToken(String other) { return new ApiClient(server, other); }

    /** An answer: status, headers, body text. */
    record Answer(int status, HttpHeaders headers, String body) {
        Object json() {
            try {
                return Json.parse(body);
            } catch (RuntimeException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        Map<?, ?> map() { return (Map<?, ?>) json(); }

        List<?> list() { return (List<?>) json(); }

        Optional<String> header(String name) { return headers.firstValue(name); }

        /** Asserts the status; returns this. */
        Answer expect(int expected) {
            assertEquals(expected, status, () -> "status; body: " + body);
            return this;
        }

        /** Asserts the status and that the body is the API's JSON error object; returns it. */
        Map<?, ?> error(int expected) {
            expect(expected);
            Map<?, ?> e = map();
            assertTrue(e.keySet().containsAll(List.of("error", "parameter", "value", "fix")), "error object: " + body);
            assertTrue(e.get("error") instanceof String s && !s.isBlank(), "error text: " + body);
            return e;
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(60));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Answer get(String path) { return send(request(path).GET().build()); }

    Answer delete(String path) { return send(request(path).DELETE().build()); }

    Answer post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Answer method(String method, String path) { return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build()); }

    /** POST /runs {"method": method, "params": params}: asserts 202 and the Location header; the run object. */
    Map<?, ?> submit(String method, Map<String, ?> params) {
        Answer a = post(API + "/runs", Json.write(Map.of("method", method, "params", params), false)).expect(202);
        Map<?, ?> run = a.map();
        assertEquals(Optional.of(API + "/runs/" + run.get("id")), a.header("Location"), a.body());
        return run;
    }

    /** GET /runs/{id}, answered 200. */
    Map<?, ?> run(String id) { return get(API + "/runs/" + id).expect(200).map(); }

    /** Polls GET /runs/{id} until its state is one of {@link #DONE}; fails after {@code timeout}. */
    Map<?, ?> awaitDone(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<?, ?> run = run(id);
        while (!DONE.contains(run.get("state"))) {
            assertTrue(System.nanoTime() < deadline, "run " + id + " not done within " + timeout.toSeconds() + " s: " + run);
            Thread.sleep(50);
            run = run(id);
        }
        return run;
    }

    /** Polls GET /runs/{id} until it is running with at least {@code done} progress units done. */
    Map<?, ?> awaitProgress(String id, long done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<?, ?> run = run(id);
        while (!("running".equals(run.get("state")) && ((Number) progress(run).get("done")).longValue() >= done)) {
            assertTrue(System.nanoTime() < deadline && !DONE.contains(run.get("state")),
                    "run " + id + " not running past " + done + " within " + timeout.toSeconds() + " s: " + run);
            Thread.sleep(50);
            run = run(id);
        }
        return run;
    }

    /** The element of {@code list} (JSON objects) whose {@code key} is {@code value}; fails when there is none. */
    static Map<?, ?> entry(List<?> list, String key, String value) {
        return list.stream().map(o -> (Map<?, ?>) o).filter(m -> value.equals(m.get(key))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " = " + value + " in " + list));
    }

    /** The "id" of each element of {@code list} (JSON objects). */
    static List<Object> ids(List<?> list) { return list.stream().map(o -> (Object) ((Map<?, ?>) o).get("id")).toList(); }

    static Map<?, ?> progress(Map<?, ?> run) { return (Map<?, ?>) run.get("progress"); }

    /** Opens the Server-Sent Events stream at {@code path} (with the token); asserts 200 and text/event-stream. */
    SseStream events(String path) {
        try {
            HttpResponse<java.util.stream.Stream<String>> r = http.send(request(path).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, r.statusCode(), path);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), r.headers().map().toString());
            return new SseStream(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * A request written byte for byte ({@code GET <rawPath> HTTP/1.1}, with the token, Connection: close) on a new
     * socket: the status and everything the server sent (headers and body) as ISO-8859-1 text, so that no byte of the
     * answer is hidden from an assertion.
     */
    RawAnswer raw(String rawPath) {
        URI base = server.uri("/");
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            String req = "GET " + rawPath + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Connection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(all.startsWith("HTTP/1.1 ") && all.length() >= 12, "not an HTTP answer to " + rawPath + ": " + all);
            return new RawAnswer(Integer.parseInt(all.substring(9, 12)), all);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + rawPath, e);
        }
    }

    /** A raw answer: status and the whole text the server sent. */
    record RawAnswer(int status, String text) { }
}
