package org.polymorph.launcher.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of {@code polymorph server}: {@code conf/server.properties}, then the command-line options
 * {@code --host} and {@code --port}. Every value is checked here, before the runtime starts; a bad one is a
 * {@link BadServerInput} naming the setting, the value and the fix. {@link #frameworkProperties()} hands them
 * to the server bundle and to Felix HTTP.
 *
 * @param host address to listen on (default 127.0.0.1)
 * @param port TCP port (default 8181)
 * @param runs folder of the server's runs and their index
 * @param tokenFile the file holding the bearer token
 * @param maxConcurrentRuns runs executing at once
 * @param maxQueuedRuns runs waiting beyond which submissions are refused
 * @param readsOpen whether GET routes answer without the token
 * @param corsOrigins origins allowed by CORS; empty: CORS off
 * @param maxBodyBytes largest request body, bytes
 */
public record ServerSettings(String host, int port, Path runs, Path tokenFile, int maxConcurrentRuns, int maxQueuedRuns,
                             boolean readsOpen, List<String> corsOrigins, long maxBodyBytes) {
    public static final String FILE = "server.properties";
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8181;
    private static final Set<String> KEYS = Set.of("host", "port", "runs_dir", "token_file", "max_concurrent_runs",
            "max_queued_runs", "reads_open", "cors_origins", "max_body_bytes");

    /** A bad option or setting: exit code 2. */
    public static final class BadServerInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadServerInput(String message) { super(message); }
    }

    /**
     * Reads {@code <home>/conf/server.properties} (absent: defaults) and applies {@code args}, the words after
     * {@code server}: {@code --host H}, {@code --port N} (also as {@code --host=H}).
     */
    public static ServerSettings load(Path home, String[] args) throws IOException, BadServerInput {
        Path file = home.resolve("conf").resolve(FILE);
        Map<String, String> conf = new LinkedHashMap<>(PropertyFiles.load(file));
        for (String key : conf.keySet()) {
            if (!KEYS.contains(key)) {
                throw new BadServerInput(file + ": unknown setting '" + key + "'; the settings are " + String.join(", ",
                        KEYS.stream().sorted().toList()));
            }
        }
        Map<String, String> options = options("server", args, List.of("host", "port"), "usage: polymorph server [--host ADDRESS] [--port N]", FILE);
        String where = file.getFileName().toString();
        String host = options.getOrDefault("host", conf.getOrDefault("host", DEFAULT_HOST)).strip();
        String portText = options.getOrDefault("port", conf.getOrDefault("port", Integer.toString(DEFAULT_PORT)));
        int port = (int) number(options.containsKey("port") ? "--port" : where + " port", portText, 1, 65535);
        if (host.isEmpty()) throw new BadServerInput("--host is empty; give an address such as 127.0.0.1 or 0.0.0.0");
        Path runs = home.resolve(conf.getOrDefault("runs_dir", "runs").strip()).toAbsolutePath().normalize();
        Path token = home.resolve(conf.getOrDefault("token_file", "conf/server.token").strip()).toAbsolutePath().normalize();
        int concurrent = (int) number(where + " max_concurrent_runs", conf.getOrDefault("max_concurrent_runs", "1"), 1, 256);
        int queued = (int) number(where + " max_queued_runs", conf.getOrDefault("max_queued_runs", "1000"), 1, 1_000_000);
        long body = number(where + " max_body_bytes", conf.getOrDefault("max_body_bytes", "1048576"), 1024, 1L << 30);
        boolean open = bool(where + " reads_open", conf.getOrDefault("reads_open", "false"));
        List<String> cors = List.of(conf.getOrDefault("cors_origins", "").split(",")).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new ServerSettings(host, port, runs, token, concurrent, queued, open, cors, body);
    }

    /**
     * The options of a launcher command, {@code --name value} or {@code --name=value}, each one of {@code names}; anything
     * else is bad input naming the command, the word and the fix ({@code usage}, or the options and where other settings go).
     */
    static Map<String, String> options(String command, String[] args, List<String> names, String usage, String file) throws BadServerInput {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name;
            String value;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else if (a.startsWith("--") && i + 1 < args.length) {
                name = a.substring(2);
                value = args[++i];
            } else {
                throw new BadServerInput(command + ": unexpected argument '" + a + "'; " + usage);
            }
            if (!names.contains(name)) {
                List<String> flags = names.stream().map(n -> "--" + n).toList();
                String listed = String.join(", ", flags.subList(0, flags.size() - 1)) + " and " + flags.get(flags.size() - 1);
                throw new BadServerInput(command + ": unknown option '--" + name + "'; the options are " + listed
                        + " (other settings go in conf/" + file + ")");
            }
            out.put(name, value);
        }
        return out;
    }

    /** A whole number from {@code min} to {@code max}, or a message naming the setting {@code name}, its value and the range. */
    static long number(String name, String text, long min, long max) throws BadServerInput {
        try {
            long v = Long.parseLong(text.strip());
            if (v < min || v > max) {
                throw new BadServerInput(name + " = '" + text + "': out of range; give a whole number from " + min + " to " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadServerInput(name + " = '" + text + "': not a whole number; give one from " + min + " to " + max);
        }
    }

    /** true or false (any case), or a message naming the setting. */
    static boolean bool(String name, String text) throws BadServerInput {
        String t = text.strip();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) return Boolean.parseBoolean(t);
        throw new BadServerInput(name + " = '" + text + "': not true or false; give true or false");
    }

    /** Whether {@link #host()} is a loopback address (127.0.0.0/8, ::1, localhost). */
    public boolean loopback() throws BadServerInput {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new BadServerInput("--host " + host + ": unknown host; give an address such as 127.0.0.1 or 0.0.0.0");
        }
    }

    /** The address a client on this machine reaches the server at (0.0.0.0 and :: are reached on loopback). */
    public String clientHost() {
        String h = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? DEFAULT_HOST : host;
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    /** The server's base URL as a client on this machine uses it, e.g. {@code http://127.0.0.1:8181}. */
    public String url() { return "http://" + clientHost() + ":" + port; }

    /** Framework properties for the server bundle and Felix HTTP. */
    public Map<String, String> frameworkProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("polymorph.server.enabled", "true");
        p.put("org.osgi.service.http.port", Integer.toString(port));
        p.put("org.apache.felix.http.host", host);
        p.put("polymorph.server.url", url());
        p.put("polymorph.server.runs", runs.toString());
        p.put("polymorph.server.token.file", tokenFile.toString());
        p.put("polymorph.server.max_concurrent_runs", Integer.toString(maxConcurrentRuns));
        p.put("polymorph.server.max_queued_runs", Integer.toString(maxQueuedRuns));
        p.put("polymorph.server.reads_open", Boolean.toString(readsOpen));
        p.put("polymorph.server.cors_origins", String.join(",", corsOrigins));
        p.put("polymorph.server.max_body_bytes", Long.toString(maxBodyBytes));
        // the core run engine's thread count: the server decides how many run at once
        p.put("polymorph.run.parallel", Integer.toString(maxConcurrentRuns));
        return p;
    }
}
