package org.polymorph.server.internal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java load generator against the JDK's own HTTP server: every answer counted, sized and chunked bodies read
 * whole (else the next answer on the connection would be misread), connections kept alive (one per client) unless
 * the server closes them, the request headers sent, error statuses counted as errors.
 */
class JavaLoadTest {
    static {
        // the JDK server writes headers and body apart: with Nagle's algorithm on its socket each answer would wait
        // for the client's delayed ACK (about 40 ms); read once, when its configuration class loads
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private HttpServer server;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final Set<String> authorizations = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/sized", ex -> answer(ex, 200, "{\"status\":\"ok\"}".repeat(100), false, false));
        server.createContext("/chunked", ex -> answer(ex, 200, "x".repeat(70_000), true, false));
        server.createContext("/close", ex -> answer(ex, 200, "{}", false, true));
        server.createContext("/fail", ex -> answer(ex, 500, "{\"error\":\"no\"}", false, false));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void answer(HttpExchange ex, int status, String body, boolean chunked, boolean close) throws IOException {
        clientPorts.add(ex.getRemoteAddress().getPort());
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) authorizations.add(auth);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (close) ex.getResponseHeaders().set("Connection", "close");
        ex.sendResponseHeaders(status, chunked ? 0 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private LoadFigures load(String path, int clients) throws InterruptedException {
        JavaLoad load = new JavaLoad("127.0.0.1", server.getAddress().getPort(), Map.of("Authorization", "Bearer t0k3n"));
        return load.run(path, clients, 0.1, 0.4);
    }

    @Test
    void keepAliveClientsReadSizedAndChunkedAnswers() throws InterruptedException {
        for (String path : new String[] {"/sized", "/chunked"}) {
            clientPorts.clear();
            LoadFigures f = load(path, 3);
            assertEquals(0, f.errors(), path);
            assertTrue(f.requests() > 6, path + ": several requests on each connection: " + f);
            assertTrue(clientPorts.size() <= 3, path + ": one connection per client, kept alive: " + clientPorts.size());
            assertTrue(f.p50Ms() > 0 && f.p50Ms() <= f.p99Ms(), f.toString());
            assertEquals("GET " + path, f.route());
        }
        assertEquals(Set.of("Bearer t0k3n"), authorizations);
    }

    @Test
    void aConnectionTheServerClosesIsOpenedAgain() throws InterruptedException {
        LoadFigures f = load("/close", 2);
        assertEquals(0, f.errors(), f.toString());
        assertTrue(f.requests() > 5 && clientPorts.size() > 2, f + ", connections " + clientPorts.size());
    }

    @Test
    void errorStatusesAreErrorsNotRequests() throws InterruptedException {
        LoadFigures f = load("/fail", 2);
        assertEquals(0, f.requests(), f.toString());
        assertTrue(f.errors() > 5, f.toString());
    }
}
