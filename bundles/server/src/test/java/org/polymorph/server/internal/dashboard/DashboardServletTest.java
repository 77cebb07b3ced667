package org.polymorph.server.internal.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dashboard's static files: content types, ETag revalidation (304), the security headers and 404s. */
class DashboardServletTest {
    private final DashboardServlet servlet = new DashboardServlet(DashboardServletTest.class.getClassLoader());

    /** GET as the whiteboard hands it with pattern "/" (the default servlet: the whole path is the servlet path). */
    private FakeHttp.Recorded get(String path, Map<String, String> headers) throws Exception {
        FakeHttp.Recorded r = new FakeHttp.Recorded();
        servlet.doGet(FakeHttp.get(path, null, headers), r.response());
        return r;
    }

    private FakeHttp.Recorded get(String path) throws Exception { return get(path, Map.of()); }

    @Test
    void rootIsIndexHtmlWithTheSecurityHeaders() throws Exception {
        FakeHttp.Recorded r = get("/");
        assertEquals(200, r.status);
        assertEquals("text/html; charset=utf-8", r.contentType);
        assertTrue(r.text().contains("<script type=\"module\" src=\"app.js\"></script>"), r.text());
        assertEquals(r.body.size(), r.contentLength);
        assertEquals("no-cache", r.headers.get("Cache-Control"));
        assertEquals("nosniff", r.headers.get("X-Content-Type-Options"));
        String csp = r.headers.get("Content-Security-Policy");
        assertNotNull(csp);
        assertTrue(csp.startsWith("default-src 'self'; img-src 'self' blob: data:; style-src 'self'"), csp);
        assertTrue(r.headers.get("ETag").matches("\"[0-9a-f]{32}\""), r.headers.get("ETag"));
        assertEquals(r.text(), get("/index.html").text());
    }

    @Test
    void contentTypesByExtension() throws Exception {
        assertEquals("text/javascript; charset=utf-8", get("/app.js").contentType);
        assertEquals("text/css; charset=utf-8", get("/app.css").contentType);
        assertEquals("text/html; charset=utf-8", get("/index.html").contentType);
    }

    @Test
    void pathInfoOfAWildcardPatternServesTheSame() throws Exception {
        FakeHttp.Recorded wildcard = new FakeHttp.Recorded();
        servlet.doGet(FakeHttp.get("", "/app.css", Map.of()), wildcard.response());
        FakeHttp.Recorded root = new FakeHttp.Recorded();
        servlet.doGet(FakeHttp.get("", null, Map.of()), root.response());
        assertEquals(200, wildcard.status);
        assertEquals(get("/app.css").text(), wildcard.text());
        assertEquals(get("/").text(), root.text());
    }

    @Test
    void matchingEtagAnswers304WithoutABody() throws Exception {
        String etag = get("/app.js").headers.get("ETag");
        for (String header : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
            FakeHttp.Recorded r = get("/app.js", Map.of("If-None-Match", header));
            assertEquals(304, r.status, header);
            assertEquals(0, r.body.size(), header);
            assertEquals(etag, r.headers.get("ETag"));
            assertEquals("no-cache", r.headers.get("Cache-Control"));
        }
        FakeHttp.Recorded stale = get("/app.js", Map.of("If-None-Match", "\"0123\""));
        assertEquals(200, stale.status);
        assertTrue(stale.body.size() > 0);
        assertNotEquals(etag, get("/app.css").headers.get("ETag"), "each file has its own ETag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nosuch.js", "/nosuch", "/runs", "/api/v1/nosuch", "/dashboard/app.js", "/../pom.xml",
        "/%2e%2e/app.js", "/app.js/", "//app.js", "/App.js", "/app.JS", "/app.js.bak", "/.app.js", "/app.class",
        "/org/polymorph/server/internal/dashboard/DashboardServlet.class", "/META-INF/MANIFEST.MF"})
    void otherPathsAre404(String path) throws Exception {
        FakeHttp.Recorded r = get(path);
        assertEquals(404, r.status, path);
        assertEquals("nosniff", r.headers.get("X-Content-Type-Options"));
        assertEquals("text/plain; charset=utf-8", r.contentType);
        assertNull(r.headers.get("ETag"), path);
    }

    /** Every script, style and module import of the dashboard is served: a renamed file would leave a blank page. */
    @Test
    void everyReferencedAssetIsServed() throws Exception {
        Pattern ref = Pattern.compile("(?:src|href)=\"([a-z0-9_-]+\\.(?:js|css))\"|from '\\./([a-z0-9_-]+\\.js)'");
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of("index.html"));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            FakeHttp.Recorded r = get("/" + name);
            assertEquals(200, r.status, name + " is referenced but not served");
            Matcher m = ref.matcher(r.text());
            while (m.find()) {
                String next = m.group(1) != null ? m.group(1) : m.group(2);
                if (seen.add(next)) todo.push(next);
            }
        }
        assertTrue(seen.containsAll(List.of("app.js", "app.css", "api.js", "form.js", "run.js", "dom.js", "csv.js")), seen.toString());
    }
}
