package org.polymorph.server.internal.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk} (an HTTP load generator in C: epoll, keep-alive connections spread over threads) run as a
 * subprocess with {@code --latency}, and its report parsed into {@link LoadFigures}. wrk's "Latency Distribution"
 * percentiles are of all requests answered in its run; its errors are the non-2xx/3xx answers plus the socket
 * errors (connect, read, write, timeout).
 */
final class Wrk {
    static final String GENERATOR = "wrk";
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$", Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("^\\s*(\\d+) requests in ([0-9.]+)(us|ms|s|m|h)", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final Path executable;
    private final String version;

    private Wrk(Path executable, String version) {
        this.executable = executable;
        this.version = version;
    }

    /** wrk from the PATH (Debian's package installs /usr/bin/wrk), when installed and it answers. */
    static Optional<Wrk> find() {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(java.io.File.pathSeparator)));
        dirs.add("/usr/bin");
        for (String dir : dirs) {
            Path exe = Path.of(dir.isBlank() ? "." : dir, "wrk");
            if (Files.isRegularFile(exe) && Files.isExecutable(exe)) {
                try {
                    return Optional.of(new Wrk(exe, versionOf(exe)));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** "wrk debian/4.1.0-3+b2 [epoll]": the first line of {@code wrk --version} (it exits 1 after the usage). */
    private static String versionOf(Path exe) throws IOException {
        String text = exec(List.of(exe.toString(), "--version"), 30);
        String first = text.lines().findFirst().orElse("wrk").trim();
        int copyright = first.indexOf(" Copyright");
        return copyright > 0 ? first.substring(0, copyright) : first;
    }

    String version() { return version; }

    /**
     * One load point: {@code clients} connections on min(clients, cores) threads for {@code seconds} (whole
     * seconds: wrk's unit), after an untimed wrk run of {@code warmupSeconds} (none when 0).
     */
    LoadFigures run(String url, String route, String authorization, int clients, int warmupSeconds, int seconds) throws IOException {
        int threads = Math.max(1, Math.min(clients, Runtime.getRuntime().availableProcessors()));
        if (warmupSeconds > 0) exec(command(url, authorization, clients, threads, warmupSeconds), warmupSeconds + 60);
        String report = exec(command(url, authorization, clients, threads, seconds), seconds + 60);
        return parse(report, route, clients);
    }

    private List<String> command(String url, String authorization, int clients, int threads, int seconds) {
        return List.of(executable.toString(), "-t", Integer.toString(threads), "-c", Integer.toString(clients),
                "-d", seconds + "s", "--timeout", "5s", "--latency", "-H", "Authorization: " + authorization, url);
    }

    /** {@link LoadFigures} from wrk's {@code --latency} report; IOException naming what is missing from it. */
    static LoadFigures parse(String report, String route, int clients) throws IOException {
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (Matcher m = PERCENTILE.matcher(report); m.find(); ) {
            double ms = millis(Double.parseDouble(m.group(2)), m.group(3));
            if (m.group(1).equals("50")) p50 = ms;
            else p99 = ms;
        }
        Matcher req = REQUESTS.matcher(report);
        if (Double.isNaN(p50) || Double.isNaN(p99) || !req.find()) {
            throw new IOException("wrk's report has no latency distribution or request count (was --latency given?):\n" + report);
        }
        long errors = 0;
        Matcher bad = NON_2XX.matcher(report);
        if (bad.find()) errors += Long.parseLong(bad.group(1));
        Matcher sock = SOCKET.matcher(report);
        if (sock.find()) for (int g = 1; g <= 4; g++) errors += Long.parseLong(sock.group(g));
        double seconds = millis(Double.parseDouble(req.group(2)), req.group(3)) / 1e3;
        return new LoadFigures(GENERATOR, route, clients, Long.parseLong(req.group(1)), errors, seconds, p50, p99);
    }

    /** A wrk time (its units us, ms, s, m, h) in ms. */
    static double millis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1e3;
            case "ms" -> value;
            case "s" -> value * 1e3;
            case "m" -> value * 60e3;
            case "h" -> value * 3600e3;
            default -> throw new IllegalArgumentException("unknown wrk time unit '" + unit + "'");
        };
    }

    /** Runs {@code cmd}, returning its output (stdout and stderr); IOException when it runs past {@code timeoutSeconds}. */
    private static String exec(List<String> cmd, long timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd.subList(0, 1)) + " did not finish within " + timeoutSeconds + " s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while wrk ran", e);
        }
    }

    @Override
    public String toString() { return String.format(Locale.ROOT, "%s (%s)", version, executable); }
}
