package org.polymorph.server.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP error answer: the status and the JSON body {@code {"error","parameter","value","fix"}} (the words of
 * the CLI), plus headers such as {@code Allow} or {@code WWW-Authenticate}.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String parameter;
    private final String value;
    private final String fix;
    private final Map<String, String> headers;

    ApiException(int status, String message, String parameter, String value, String fix, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.parameter = parameter;
        this.value = value;
        this.fix = fix;
        this.headers = Map.copyOf(headers);
    }

    /** An error about no parameter in particular; {@code fix} may be null. */
    static ApiException of(int status, String problem, String fix) {
        return new ApiException(status, fix == null ? problem : problem + "; " + fix, null, null, fix, Map.of());
    }

    int status() { return status; }

    Map<String, String> headers() { return headers; }

    /** The JSON body; absent fields are null. */
    Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", getMessage());
        m.put("parameter", parameter);
        m.put("value", value);
        m.put("fix", fix);
        return m;
    }
}
