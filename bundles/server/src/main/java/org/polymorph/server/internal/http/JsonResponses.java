package org.polymorph.server.internal.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.polymorph.core.runtime.Json;

/** Writes JSON answers (UTF-8) and JSON errors. */
final class JsonResponses {
    static final String JSON = "application/json;charset=utf-8";

    private JsonResponses() { }

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body, false).getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(JSON);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static void error(HttpServletResponse resp, ApiException e) throws IOException {
        if (resp.isCommitted()) return;           // a stream already started: nothing more can be said
        resp.reset();
        e.headers().forEach(resp::setHeader);
        send(resp, e.status(), e.body());
    }
}
