package org.polymorph.server.internal.http;

import java.util.Set;

/**
 * What the HTTP layer is configured with.
 *
 * @param token the bearer token
 * @param readsOpen whether GET routes need no token
 * @param corsOrigins the origins answered with CORS headers (exact {@code scheme://host[:port]}); empty: CORS off
 * @param maxBodyBytes the request body limit, bytes
 * @param version the server's version, as /health reports it
 */
public record ApiConfig(Token token, boolean readsOpen, Set<String> corsOrigins, long maxBodyBytes, String version) {
    public ApiConfig {
        corsOrigins = Set.copyOf(corsOrigins);
    }
}
