package org.polymorph.server.internal.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.polymorph.core.runtime.Json;

/** One request being served: the servlet request and response, the route's path variables, and body reading. */
final class Exchange {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Route.Match match;
    private final long maxBodyBytes;

    Exchange(HttpServletRequest request, HttpServletResponse response, Route.Match match, long maxBodyBytes) {
        this.request = request;
        this.response = response;
        this.match = match;
        this.maxBodyBytes = maxBodyBytes;
    }

    HttpServletRequest request() { return request; }

    HttpServletResponse response() { return response; }

    String var(String name) { return match.vars().get(name); }

    List<String> rest() { return match.rest(); }

    void send(int status, Object body) throws IOException {
        JsonResponses.send(response, status, body);
    }

    /** Answers JSON already written ({@link JsonResponses#bytes}). */
    void sendBytes(int status, byte[] json) throws IOException {
        JsonResponses.send(response, status, json);
    }

    /** The body parsed as a JSON object; 413 over the body limit (counted as read, chunked or not), 400 when malformed. */
    Map<String, Object> jsonObject() throws IOException {
        Object parsed;
        try {
            parsed = Json.parse(readBody(request.getInputStream(), maxBodyBytes));
        } catch (IllegalArgumentException e) {
            throw ApiException.of(400, "malformed JSON body: " + e.getMessage(), "send a JSON object, e.g. "
                    + "{\"method\": \"md.run\", \"params\": {\"steps\": 100}}");
        }
        if (!(parsed instanceof Map)) {
            throw ApiException.of(400, "the body is JSON but not an object", "send a JSON object {...}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) parsed;
        return m;
    }

    /** Reads at most {@code max} bytes of UTF-8 text; a 413 as soon as there are more. */
    static String readBody(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > max) throw tooLarge(max);
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static ApiException tooLarge(long max) {
        return ApiException.of(413, "request body over the limit of " + max + " bytes",
                "send a smaller body (max_body_bytes in conf/server.properties sets the limit)");
    }
}
