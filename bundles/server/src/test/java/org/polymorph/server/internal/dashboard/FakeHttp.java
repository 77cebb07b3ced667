package org.polymorph.server.internal.dashboard;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A GET request and a recording response for servlet unit tests, as dynamic proxies of the servlet API's
 * interfaces: the request answers its servlet path, path info and headers; the response keeps its status,
 * headers, content type and body. Any other call fails the test, so a servlet that starts to depend on more
 * of the API is noticed.
 */
final class FakeHttp {
    private FakeHttp() { }

    /** GET with {@code servletPath} and {@code pathInfo} (null when none) as the container splits the URI. */
    static HttpServletRequest get(String servletPath, String pathInfo, Map<String, String> headers) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "GET";
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getHeader" -> h.get((String) args[0]);
                    case "getProtocol" -> "HTTP/1.1";
                    case "getDateHeader" -> -1L;
                    case "toString" -> "GET " + servletPath + (pathInfo == null ? "" : pathInfo);
                    default -> throw new UnsupportedOperationException("request." + method.getName());
                });
    }

    /** What a servlet answered. */
    static final class Recorded {
        int status = HttpServletResponse.SC_OK;
        String contentType;
        int contentLength = -1;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String text() { return body.toString(StandardCharsets.UTF_8); }

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override public boolean isReady() { return true; }
                @Override public void setWriteListener(WriteListener listener) { throw new UnsupportedOperationException(); }
                @Override public void write(int b) { body.write(b); }
                @Override public void write(byte[] b, int off, int len) { body.write(b, off, len); }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "setStatus" -> { status = (Integer) args[0]; yield null; }
                        case "setContentType" -> { contentType = (String) args[0]; yield null; }
                        case "setContentLength" -> { contentLength = (Integer) args[0]; yield null; }
                        case "setHeader" -> { headers.put((String) args[0], (String) args[1]); yield null; }
                        case "getOutputStream" -> out;
                        case "toString" -> "recorded response";
                        default -> throw new UnsupportedOperationException("response." + method.getName());
                    });
        }
    }
}
