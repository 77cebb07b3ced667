package org.polymorph.server.internal;

/** Framework properties the launcher sets for {@code polymorph server} (from its options and conf/server.properties). */
public final class ServerProperties {
    /** "true" in server mode. */
    public static final String ENABLED = "polymorph.server.enabled";
    /** Base URL, e.g. http://127.0.0.1:8181. */
    public static final String URL = "polymorph.server.url";
    /** Absolute folder of the server's runs and its index. */
    public static final String RUNS = "polymorph.server.runs";
    /** Absolute path of the token file (one line, the token). */
    public static final String TOKEN_FILE = "polymorph.server.token.file";
    /** Runs executing at once. */
    public static final String MAX_CONCURRENT_RUNS = "polymorph.server.max_concurrent_runs";
    /** Queued runs beyond which POST /runs answers 503. */
    public static final String MAX_QUEUED_RUNS = "polymorph.server.max_queued_runs";
    /** "true": GET routes need no token. */
    public static final String READS_OPEN = "polymorph.server.reads_open";
    /** Comma-separated allowed origins; empty: CORS off. */
    public static final String CORS_ORIGINS = "polymorph.server.cors_origins";
    /** Request body limit, bytes. */
    public static final String MAX_BODY_BYTES = "polymorph.server.max_body_bytes";

    private ServerProperties() { }
}
