package org.polymorph.server.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.polymorph.core.method.BadInputException;

/**
 * The server's settings, read from the framework properties of {@link ServerProperties}; a bad value is a
 * BadInputException naming the property, the value and the conf/server.properties key that sets it.
 *
 * @param runsFolder absolute folder of the runs and the index
 * @param tokenFile absolute path of the token file
 * @param maxConcurrent runs executing at once (≥ 1)
 * @param maxQueued queued runs at most (≥ 0)
 * @param readsOpen whether GET routes need no token
 * @param corsOrigins allowed CORS origins, {@code scheme://host[:port]}
 * @param maxBodyBytes request body limit, bytes (≥ 1)
 */
public record ServerSettings(Path runsFolder, Path tokenFile, int maxConcurrent, int maxQueued, boolean readsOpen,
                             Set<String> corsOrigins, long maxBodyBytes) {

    /** Reads the settings through {@code property} (a framework property by name, null when unset). */
    public static ServerSettings read(UnaryOperator<String> property) {
        return new ServerSettings(
                absolute(property, ServerProperties.RUNS, "runs_dir"),
                absolute(property, ServerProperties.TOKEN_FILE, "token_file"),
                (int) number(property, ServerProperties.MAX_CONCURRENT_RUNS, "max_concurrent_runs", 1, 1, 1024),
                (int) number(property, ServerProperties.MAX_QUEUED_RUNS, "max_queued_runs", 1000, 0, 1_000_000),
                bool(property, ServerProperties.READS_OPEN, "reads_open"),
                origins(property.apply(ServerProperties.CORS_ORIGINS)),
                number(property, ServerProperties.MAX_BODY_BYTES, "max_body_bytes", 1_048_576, 1, Integer.MAX_VALUE));
    }

    private static Path absolute(UnaryOperator<String> property, String name, String key) {
        String v = property.apply(name);
        if (v == null || v.isBlank()) {
            throw BadInputException.forParam(name, "", "not set", "start the server with bin/polymorph server, which sets it from "
                    + key + " in conf/server.properties");
        }
        Path p = Path.of(v.strip());
        if (!p.isAbsolute()) throw BadInputException.forParam(name, v, "not an absolute path", "give an absolute path (the launcher resolves "
                + key + " against the distribution's home)");
        return p;
    }

    private static long number(UnaryOperator<String> property, String name, String key, long def, long min, long max) {
        String v = property.apply(name);
        if (v == null || v.isBlank()) return def;
        long n;
        try {
            n = Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw BadInputException.forParam(name, v, "not a whole number", "set " + key + " in conf/server.properties to a whole number in ["
                    + min + ", " + max + "]");
        }
        if (n < min || n > max) {
            throw BadInputException.forParam(name, v, "out of range [" + min + ", " + max + "]", "set " + key
                    + " in conf/server.properties to a value in [" + min + ", " + max + "]");
        }
        return n;
    }

    private static boolean bool(UnaryOperator<String> property, String name, String key) {
        String v = property.apply(name);
        if (v == null || v.isBlank()) return false;
        switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw BadInputException.forParam(name, v, "not a boolean", "set " + key + " in conf/server.properties to true or false");
        }
    }

    private static Set<String> origins(String v) {
        Set<String> out = new LinkedHashSet<>();
        if (v == null) return out;
        for (String o : v.split(",")) {
            String origin = o.strip();
            if (origin.isEmpty()) continue;
            URI u;
            try {
                u = URI.create(origin);
            } catch (IllegalArgumentException e) {
                u = null;
            }
            if (u == null || u.getScheme() == null || u.getHost() == null || (u.getPath() != null && !u.getPath().isEmpty())
                    || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw BadInputException.forParam(ServerProperties.CORS_ORIGINS, origin, "not an origin",
                        "write origins as scheme://host[:port], e.g. https://lab.example.org, separated by commas (cors_origins in conf/server.properties)");
            }
            out.add(origin);
        }
        return Set.copyOf(out);
    }
}
