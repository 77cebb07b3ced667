package org.polymorph.launcher.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.polymorph.launcher.internal.ServerSettings.BadServerInput;

/**
 * The cluster settings: {@code conf/cluster.properties}, then (for {@code polymorph member}) the options
 * {@code --join}, {@code --port} and {@code --host}. Checked here, before the runtime starts; a bad value is a
 * {@link BadServerInput} naming the setting, the value and the fix. {@link #frameworkProperties} hands them to the
 * cluster bundle, which is installed only when clustering is on.
 *
 * @param enabled whether shell, server and run join the cluster ({@code cluster.enabled}; a member always does)
 * @param name the cluster's name
 * @param host the address to bind (default 127.0.0.1)
 * @param port the TCP port (default 5701)
 * @param members host:port of members to join
 * @param cores items this member runs at once (default the available processors)
 * @param secretFile the file holding the cluster secret
 * @param joinGiven whether {@code --join} was given (then failing to join is an error)
 */
public record ClusterSettings(boolean enabled, String name, String host, int port, List<String> members, int cores, Path secretFile,
                              boolean joinGiven) {
    public static final String FILE = "cluster.properties";
    static final int DEFAULT_PORT = 5701;
    private static final Set<String> KEYS = Set.of("cluster.enabled", "cluster.name", "cluster.host", "cluster.port", "cluster.members",
            "cluster.cores", "cluster.secret");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String MEMBER_USAGE = "usage: polymorph member [--join HOST:PORT,...] [--port N] [--host ADDRESS]";

    public ClusterSettings {
        members = List.copyOf(members);
    }

    /**
     * Reads {@code <home>/conf/cluster.properties} (absent: clustering off, defaults) and, for a member, applies
     * {@code args}, the words after {@code member}.
     *
     * @param member clustering on whatever the file says: {@code polymorph member} (whose options {@code args} are) or
     *     {@code polymorph run --cluster} (no options)
     */
    public static ClusterSettings load(Path home, String[] args, boolean member) throws IOException, BadServerInput {
        Path file = home.resolve("conf").resolve(FILE);
        Map<String, String> conf = PropertyFiles.load(file);
        for (String key : conf.keySet()) {
            if (!KEYS.contains(key)) {
                throw new BadServerInput(file + ": unknown setting '" + key + "'; the settings are " + String.join(", ",
                        KEYS.stream().sorted().toList()));
            }
        }
        Map<String, String> options = member ? ServerSettings.options("member", args, List.of("join", "port", "host"), MEMBER_USAGE, FILE) : Map.of();
        String where = FILE;
        boolean enabled = member || ServerSettings.bool(where + " cluster.enabled", conf.getOrDefault("cluster.enabled", "false"));
        String name = conf.getOrDefault("cluster.name", "polymorph").strip();
        if (!NAME.matcher(name).matches()) {
            throw new BadServerInput(where + " cluster.name = '" + name + "': use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String host = options.getOrDefault("host", conf.getOrDefault("cluster.host", "127.0.0.1")).strip();
        if (host.isEmpty()) throw new BadServerInput("--host is empty; give an address such as 127.0.0.1");
        boolean portOption = options.containsKey("port");
        int port = (int) ServerSettings.number(portOption ? "--port" : where + " cluster.port",
                options.getOrDefault("port", conf.getOrDefault("cluster.port", Integer.toString(DEFAULT_PORT))), 1, 65535);
        boolean joinGiven = options.containsKey("join");
        List<String> members = members(joinGiven ? "--join" : where + " cluster.members",
                options.getOrDefault("join", conf.getOrDefault("cluster.members", "")));
        int cores = (int) ServerSettings.number(where + " cluster.cores", conf.getOrDefault("cluster.cores",
                Integer.toString(Runtime.getRuntime().availableProcessors())), 1, 1024);
        Path secret = home.resolve(conf.getOrDefault("cluster.secret", "conf/cluster.secret").strip()).toAbsolutePath().normalize();
        ClusterSettings s = new ClusterSettings(enabled, name, host, port, members, cores, secret, joinGiven);
        if (enabled && !s.loopback() && members.isEmpty()) {
            throw new BadServerInput("cluster host " + host + " is not a loopback address and no members are listed; a cluster reached"
                    + " over a network needs an explicit member list: give --join HOST:PORT,... or cluster.members in conf/" + FILE);
        }
        return s;
    }

    /** host:port entries, comma-separated; a port range (5701-5703) is refused, as Hazelcast refuses it in a member list. */
    static List<String> members(String name, String text) throws BadServerInput {
        List<String> out = new ArrayList<>();
        for (String raw : text.split(",")) {
            String m = raw.strip();
            if (m.isEmpty()) continue;
            int colon = m.lastIndexOf(':');
            if (colon <= 0 || colon == m.length() - 1) {
                throw new BadServerInput(name + " entry '" + m + "': not HOST:PORT; list the members as e.g. 10.0.0.5:5701,10.0.0.6:5701");
            }
            String portText = m.substring(colon + 1);
            if (portText.contains("-")) {
                throw new BadServerInput(name + " entry '" + m + "': port ranges are not accepted; list each member's HOST:PORT");
            }
            ServerSettings.number(name + " entry '" + m + "' port", portText, 1, 65535);
            out.add(m);
        }
        return out;
    }

    /** Whether {@link #host()} is a loopback address. */
    public boolean loopback() throws BadServerInput {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new BadServerInput("cluster host " + host + ": unknown host; give an address such as 127.0.0.1");
        }
    }

    /**
     * Framework properties for the cluster bundle (and the launcher's choice to install it).
     *
     * @param portAuto whether a taken port may be replaced by a later free one (shell, server and run; not a member, whose
     *     port others list)
     */
    public Map<String, String> frameworkProperties(boolean portAuto) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("polymorph.cluster.enabled", "true");
        p.put("polymorph.cluster.name", name);
        p.put("polymorph.cluster.host", host);
        p.put("polymorph.cluster.port", Integer.toString(port));
        p.put("polymorph.cluster.port.auto", Boolean.toString(portAuto));
        p.put("polymorph.cluster.members", String.join(",", members));
        p.put("polymorph.cluster.cores", Integer.toString(cores));
        p.put("polymorph.cluster.secret.file", secretFile.toString());
        return p;
    }
}
