package org.polymorph.server.internal.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.polymorph.core.runtime.Json;

/** Writes JSON answers (UTF-8) and JSON errors. */
final class JsonResponses {
    static final String JSON = "application/json;charset=utf-8";

    private JsonResponses() { }

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        send(resp, status, bytes(body));
    }

    /** {@code body} as compact JSON, UTF-8. */
    static byte[] bytes(Object body) {
        return Json.write(body, false).getBytes(StandardCharsets.UTF_8);
    }

    /** Answers JSON already written. */
    static void send(HttpServletResponse resp, int status, byte[] bytes) throws IOException {
        resp.setStatus(status);
        resp.setContentType(JSON);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /**
     * Answers {@code e}. When the request came with a body the connection is closed after the answer: the body
     * may not have been read (a 401 or 413 refuses it unread), and a connection with unread bytes cannot serve
     * the client's next request.
     */
    static void error(HttpServletRequest req, HttpServletResponse resp, ApiException e) throws IOException {
        if (resp.isCommitted()) return;           // a stream already started: nothing more can be said
        resp.resetBuffer();                       // keeps the headers set before (CORS)
        resp.setHeader("Content-Disposition", null);
        if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) resp.setHeader("Connection", "close");
        e.headers().forEach(resp::setHeader);
        send(resp, e.status(), e.body());
    }
}
