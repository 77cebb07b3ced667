package org.polymorph.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.polymorph.it.server.ApiClient.API;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.runtime.Json;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.ProcessRun;
import org.polymorph.it.support.ServerProcess;

/**
 * The server's guard: the generated token file is its owner's only and the token is never printed into the
 * server's output; without the token or with a wrong one (header or cookie) every mutating route and every read
 * answers 401 (reads need no token where reads_open=true); the session route sets the dashboard's cookie;
 * path traversal on the file routes (dot segments plain and encoded, backslashes, absolute paths, NUL, symlinks
 * in the run directory pointing out of it) answers 400 or 404 and never a byte of a secret planted next to the run
 * directory; a non-loopback address without a token file is refused at start.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServerAuthIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static ServerProcess server;
    private static ApiClient api;
    private static String runId;
    private static String secret;

    @BeforeAll
    static void start() throws Exception {
        server = ScratchServers.start("server-auth", Map.of());
        api = ApiClient.of(server);
        runId = (String) api.submit("md.run", MdParams.tiny()).get("id");
        assertEquals("ok", api.awaitDone(runId, WAIT).get("state"));
        // a secret beside the run directory and one in the home; links in the run directory pointing at them
        Path home = server.home();
        secret = "top-secret-" + UUID.randomUUID();
        Path runs = server.runs();
        Path run = runs.resolve(runId);
        Files.writeString(runs.resolve("secret.txt"), secret);
        Files.writeString(home.resolve("secret.txt"), secret);
        Files.createSymbolicLink(run.resolve("leak.txt"), Path.of("..", "secret.txt"));
        Files.createSymbolicLink(run.resolve("abs.txt"), home.resolve("secret.txt"));
        Files.createSymbolicLink(run.resolve("outside"), runs);
    }

    @AfterAll
    static void stop() { ScratchServers.stop(server); }

    @Test
    void theGeneratedTokenIsTheOwnersOnlyAndNeverPrinted() throws Exception {
        Path file = server.home().resolve("conf/server.token");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(server.token().matches("[0-9a-f]{64}"), "64 hex digits");
        assertFalse(server.output().contains(server.token()), "the token is not in the server's output:\n" + server.output());
    }

    @Test
    void everyMutatingRouteWantsTheRightToken() {
        String token = server.token();
        String flipped = token.substring(0, 63) + (token.charAt(63) == '0' ? '1' : '0');
        String body = Json.write(Map.of("method", "md.run", "params", MdParams.tiny()), false);
        for (String wrong : Arrays.asList(null, "", "wrong", flipped, token + "0", token.substring(0, 32))) {
            ApiClient bad = api.withToken(wrong);
            for (ApiClient.Answer a : List.of(bad.post(API + "/runs", body), bad.delete(API + "/runs/" + runId),
                    bad.post(API + "/runs/" + runId + "/resume", ""))) {
                a.error(401);
                assertTrue(a.header("WWW-Authenticate").orElse("").startsWith("Bearer"), a.headers().map().toString());
            }
            ApiClient.Answer cookie = api.withToken(null).send(api.withToken(null).request(API + "/runs")
                    .header("Cookie", "polymorph_token=" + wrong).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            cookie.error(401);
        }
        List<?> runs = api.get(API + "/runs").expect(200).list();
        assertEquals(List.of(runId), ApiClient.ids(runs), "no run was made or changed without the token");
        assertEquals("ok", api.run(runId).get("state"));
    }

    /**
     * A request refused before its body was read (401, 413) whose body arrives after its headers, as java.net.http
     * and browsers send it: the server must announce that it closes the connection, or keep it usable. It had closed
     * it silently, so a client's next request on that kept-alive connection got no answer at all.
     */
    @Test
    void aRequestRefusedBeforeItsBodyArrivedDoesNotLeaveADeadConnection() throws Exception {
        String body = Json.write(Map.of("method", "md.run", "params", MdParams.tiny()), false);
        for (String[] request : List.of(new String[] {"", Integer.toString(body.length()), "401"},
                new String[] {"Authorization: Bearer " + server.token() + "\r\n", Integer.toString(2 << 20), "413"})) {
            URI base = server.uri("/");
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(("POST " + API + "/runs HTTP/1.1\r\nHost: x\r\n" + request[0] + "Content-Type: application/json\r\nContent-Length: "
                        + request[1] + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String head = headers(in);
                assertTrue(head.startsWith("HTTP/1.1 " + request[2]), head);
                in.readNBytes(Integer.parseInt(head.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1")));
                if (head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close")) continue;   // announced: fine
                try {
                    out.write(body.getBytes(StandardCharsets.ISO_8859_1));
                    out.write(("GET " + API + "/health HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    String next = headers(in);
                    assertTrue(next.startsWith("HTTP/1.1 200"), "the kept connection answers: " + next);
                } catch (IOException e) {
                    throw new AssertionError("a " + request[2] + " without 'Connection: close' was followed by a closed connection", e);
                }
            }
        }
    }

    /** The status line and headers of an answer, up to the empty line ("" at the end of the stream). */
    private static String headers(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) break;
        }
        return b.toString();
    }

    @Test
    void readsWantTheTokenUnlessReadsAreOpen() {
        ApiClient anonymous = api.withToken(null);
        ApiClient wrong = api.withToken("0".repeat(64));
        for (String path : List.of("/methods", "/methods/md.run", "/backend", "/openapi.json", "/runs", "/runs?state=ok", "/runs/" + runId,
                "/runs/" + runId + "/files", "/runs/" + runId + "/files/result.json", "/runs/" + runId + "/files.zip",
                "/runs/" + runId + "/events", "/events")) {
            anonymous.get(API + path).error(401);
            wrong.get(API + path).error(401);
        }
        anonymous.get(API + "/health").expect(200);
    }

    @Test
    void theSessionRouteSetsAnHttpOnlyCookieThatAuthenticates() {
        ApiClient anonymous = api.withToken(null);
        anonymous.post(API + "/session", Json.write(Map.of("token", "f".repeat(64)), false)).error(401);
        ApiClient.Answer ok = anonymous.post(API + "/session", Json.write(Map.of("token", server.token()), false)).expect(204);
        String cookie = ok.header("Set-Cookie").orElse("");
        assertTrue(cookie.startsWith("polymorph_token=" + server.token()), cookie);
        for (String attribute : List.of("HttpOnly", "SameSite=Strict", "Path=/")) {
            assertTrue(Arrays.stream(cookie.split(";")).map(String::strip).anyMatch(attribute::equalsIgnoreCase), attribute + " in " + cookie);
        }
        ApiClient.Answer read = anonymous.send(anonymous.request(API + "/methods").header("Cookie", "polymorph_token=" + server.token()).GET().build());
        read.expect(200);
    }

    @Test
    void pathTraversalOnTheFileRoutesServesNothingFromOutsideTheRunDirectory() throws Exception {
        String files = API + "/runs/" + runId + "/files/";
        String abs = server.home().resolve("secret.txt").toString();
        assertEquals(200, api.raw(files + "result.json").status(), "the route itself serves the run's files");
        List<String> attempts = new ArrayList<>(List.of(
                files + "../secret.txt", files + "../../secret.txt", files + "..%2Fsecret.txt", files + "%2e%2e/secret.txt",
                files + "%2e%2e%2fsecret.txt", files + "%2E%2E%2Fsecret.txt", files + "%252e%252e%252fsecret.txt",
                files + "..%5Csecret.txt", files + "..\\secret.txt", files + "%5C..%5C..%5Csecret.txt",
                files + "/" + abs.substring(1), files + abs.replace("/", "%2F"), files + "%2F" + abs.substring(1),
                files + "leak.txt", files + "abs.txt", files + "outside/secret.txt", files + "outside%2Fsecret.txt",
                files + "result.json%00", files + "result.json%00/../../secret.txt", files + "%00../secret.txt",
                API + "/runs/" + runId + "/files/..;/secret.txt", API + "/runs/..%2F/files/secret.txt",
                API + "/runs/%2e%2e/files/secret.txt", API + "/runs/" + runId + "%2F..%2F/files/secret.txt",
                API + "/runs/" + runId + "/../" + runId + "/files/../secret.txt"));
        for (String path : attempts) {
            ApiClient.RawAnswer a = api.raw(path);
            assertTrue(a.status() == 400 || a.status() == 404, path + " answered " + a.status() + ":\n" + a.text());
            assertFalse(a.text().contains(secret), path + " served the secret:\n" + a.text());
        }
        List<Object> names = api.get(API + "/runs/" + runId + "/files").expect(200).list().stream()
                .map(o -> (Object) ((Map<?, ?>) o).get("name")).toList();
        assertTrue(names.contains("result.json"), names.toString());
        for (Object name : names) {
            assertFalse(((String) name).startsWith("leak") || ((String) name).startsWith("abs") || ((String) name).startsWith("outside"),
                    "a link listed: " + names);
        }
        byte[] zip = server.client().send(api.request(API + "/runs/" + runId + "/files.zip").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            int entries = 0;
            for (ZipEntry z = in.getNextEntry(); z != null; z = in.getNextEntry(), entries++) {
                String content = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(secret) || z.getName().contains("secret"), "the zip holds " + z.getName());
            }
            assertEquals(names.size(), entries, "the zip holds the files listed");
        }
    }

    @Test
    void aNonLoopbackAddressNeedsATokenFileAndMayOpenReads() throws Exception {
        Path home = DistributionHome.copy(DistributionHome.scratch("server-auth-lan"));
        try {
            int port = ServerProcess.freePort();
            ProcessRun refused = ProcessRun.polymorph(home, home, null, WAIT, "server", "--host", "0.0.0.0", "--port", Integer.toString(port));
            assertEquals(2, refused.exit(), refused.describe());
            assertTrue(refused.err().contains("0.0.0.0") && refused.err().contains("token") && refused.err().contains("chmod 600"),
                    "says how to make a token: " + refused.describe());
            assertFalse(Files.exists(home.resolve("conf/server.token")), "no token is generated for a non-loopback address");

            Path token = home.resolve("conf/server.token");
            Files.writeString(token, "a-token-the-operator-chose-" + UUID.randomUUID() + "\n");
            Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
            try (ServerProcess lan = ServerProcess.start(home, Map.of("host", "0.0.0.0", "reads_open", "true"))) {
                ApiClient anonymous = new ApiClient(lan, null);
                assertTrue(anonymous.get(API + "/methods").expect(200).list().size() > 10);
                anonymous.get(API + "/runs").expect(200);
                anonymous.post(API + "/runs", Json.write(Map.of("method", "md.run", "params", MdParams.tiny()), false)).error(401);
                ApiClient.of(lan).get(API + "/runs").expect(200);
            }
        } finally {
            DistributionHome.dropCaches(home);
        }
    }
}
