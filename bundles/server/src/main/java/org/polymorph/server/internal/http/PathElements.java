package org.polymorph.server.internal.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The elements of a request's path under the servlet's mount point, taken from the raw (still encoded) request
 * URI and each percent-decoded exactly once, so that an encoded '/', '..' or NUL stays inside its element where
 * the checks of {@link RunFiles} see it.
 */
final class PathElements {
    private PathElements() { }

    static List<String> of(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String mount = req.getContextPath() + req.getServletPath();
        String tail;
        if (uri.startsWith(mount)) {
            tail = uri.substring(mount.length());
        } else {
            tail = req.getPathInfo() == null ? "" : req.getPathInfo();
        }
        return split(tail);
    }

    /** "/a/b%2Fc/" → [a, b/c, ""]; "" and "/" → []. */
    static List<String> split(String rawTail) {
        List<String> out = new ArrayList<>();
        if (rawTail.isEmpty() || rawTail.equals("/")) return out;
        String t = rawTail.startsWith("/") ? rawTail.substring(1) : rawTail;
        for (String e : t.split("/", -1)) out.add(decode(e));
        return out;
    }

    /** Percent-decoding of one element as UTF-8; a 400 for a malformed escape or invalid UTF-8. */
    static String decode(String element) {
        if (element.indexOf('%') < 0) return element;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= element.length()) throw badEscape(element);
            int hi = Character.digit(element.charAt(i + 1), 16);
            int lo = Character.digit(element.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) throw badEscape(element);
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw badEscape(element);
        }
    }

    private static ApiException badEscape(String element) {
        return Errors.badParam("path", element, "malformed percent-encoding", "encode the path as UTF-8, e.g. %20 for a space");
    }
}
