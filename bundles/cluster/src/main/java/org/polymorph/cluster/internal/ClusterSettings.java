package org.polymorph.cluster.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The member's settings as the launcher hands them over in framework properties (it has checked them and read
 * conf/cluster.properties and the command-line flags): {@value #ENABLED}, {@value #NAME}, {@value #HOST},
 * {@value #PORT}, {@value #PORT_AUTO}, {@value #MEMBERS}, {@value #CORES}, {@value #SECRET_FILE}.
 *
 * @param name the cluster's name as the user gave it
 * @param host the address to bind and to announce
 * @param port the TCP port
 * @param portAuto whether a taken port may be replaced by the next free one (shell, server, run; not a member)
 * @param members host:port of the members to join (empty: start a cluster or wait to be joined)
 * @param cores items this member runs at once
 * @param secret the cluster secret (the HMAC key of items and results)
 */
public record ClusterSettings(String name, String host, int port, boolean portAuto, List<String> members, int cores, String secret) {
    public static final String ENABLED = "polymorph.cluster.enabled";
    public static final String NAME = "polymorph.cluster.name";
    public static final String HOST = "polymorph.cluster.host";
    public static final String PORT = "polymorph.cluster.port";
    public static final String PORT_AUTO = "polymorph.cluster.port.auto";
    public static final String MEMBERS = "polymorph.cluster.members";
    public static final String CORES = "polymorph.cluster.cores";
    public static final String SECRET_FILE = "polymorph.cluster.secret.file";

    public ClusterSettings {
        members = List.copyOf(members);
        if (cores < 1) throw new IllegalArgumentException(CORES + " = " + cores + ": give 1 or more");
        if (secret == null || secret.isBlank()) throw new IllegalArgumentException("the cluster secret is empty");
    }

    /** Whether the framework properties turn clustering on. */
    public static boolean enabled(Function<String, String> property) {
        return Boolean.parseBoolean(property.apply(ENABLED));
    }

    /** Reads the settings from framework properties ({@code property}: e.g. {@code BundleContext::getProperty}). */
    public static ClusterSettings read(Function<String, String> property) throws IOException {
        String secretFile = require(property, SECRET_FILE);
        String secret = Files.readString(Path.of(secretFile), StandardCharsets.UTF_8).strip();
        String members = property.apply(MEMBERS);
        String cores = property.apply(CORES);
        return new ClusterSettings(require(property, NAME), require(property, HOST), Integer.parseInt(require(property, PORT).strip()),
                Boolean.parseBoolean(property.apply(PORT_AUTO)),
                members == null ? List.of() : Arrays.stream(members.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                cores == null || cores.isBlank() ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(cores.strip()), secret);
    }

    private static String require(Function<String, String> property, String name) {
        String v = property.apply(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("framework property " + name + " is not set: start clustering through the launcher"
                    + " (polymorph member, or cluster.enabled=true in conf/cluster.properties)");
        }
        return v;
    }
}
