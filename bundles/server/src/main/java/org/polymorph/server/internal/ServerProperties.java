package org.polymorph.server.internal;

/** Framework properties the launcher sets for {@code polymorph server} (from its options and conf/server.properties). */
public final class ServerProperties {
    /** "true" in server mode. */
    public static final String ENABLED = "polymorph.server.enabled";

    private ServerProperties() { }
}
