package org.polymorph.server.internal.http;

import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In front of the API: CORS headers for the configured origins only (and their preflight requests), the body
 * limit for requests that announce their length (chunked bodies are counted as they are read, by
 * {@link Exchange}), and the token: {@code Authorization: Bearer <token>} or the cookie {@code polymorph_token},
 * needed on every route but {@code GET /health} and {@code POST /session}, and on GET routes unless reads are open.
 */
public final class AccessFilter implements Filter {
    private final ApiConfig config;

    @Inject
    public AccessFilter(ApiConfig config) {
        this.config = config;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        String origin = req.getHeader("Origin");
        boolean cors = origin != null && config.corsOrigins().contains(origin);
        if (cors) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
            resp.setHeader("Access-Control-Allow-Credentials", "true");
            resp.setHeader("Access-Control-Expose-Headers", "Location");
            resp.addHeader("Vary", "Origin");
            if ("OPTIONS".equals(req.getMethod()) && req.getHeader("Access-Control-Request-Method") != null) {
                resp.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE");
                resp.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
                resp.setHeader("Access-Control-Max-Age", "600");
                resp.setStatus(204);
                return;
            }
        }
        try {
            if (req.getContentLengthLong() > config.maxBodyBytes()) throw Exchange.tooLarge(config.maxBodyBytes());
            if (needsToken(req) && !authorized(req)) {
                throw unauthorized(hasCredentials(req) ? "wrong token" : "no token",
                        "send the header 'Authorization: Bearer <token>' with the token in conf/server.token, or POST it to "
                                + Views.BASE + "/session");
            }
        } catch (ApiException e) {
            JsonResponses.error(req, resp, e);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Every route but GET /health and POST /session; GET routes not when reads are open. */
    boolean needsToken(HttpServletRequest req) {
        List<String> path = PathElements.of(req);
        String method = req.getMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (read && path.equals(List.of("health"))) return false;
        if (method.equals("POST") && path.equals(List.of("session"))) return false;
        return !(read && config.readsOpen());
    }

    boolean authorized(HttpServletRequest req) {
        String auth = req.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && config.token().matches(auth.substring(7).strip())) {
            return true;
        }
        return cookie(req).filter(config.token()::matches).isPresent();
    }

    private static boolean hasCredentials(HttpServletRequest req) {
        return req.getHeader("Authorization") != null || cookie(req).isPresent();
    }

    /** The value of the token cookie, when the request has one. */
    private static Optional<String> cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) return Optional.empty();
        for (Cookie c : cookies) if (c.getName().equals(ApiServlet.COOKIE)) return Optional.of(c.getValue());
        return Optional.empty();
    }

    static ApiException unauthorized(String problem, String fix) {
        return new ApiException(401, problem + "; " + fix, null, null, fix,
                Map.of("WWW-Authenticate", "Bearer realm=\"polymorph\""));
    }

}
