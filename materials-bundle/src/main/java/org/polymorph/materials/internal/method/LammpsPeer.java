package org.polymorph.materials.internal.method;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the LAMMPS executable {@code lmp} (when on PATH) on an input script in a scratch folder,
 * one thread ({@code OMP_NUM_THREADS=1}, no suffix, no MPI), and parses its screen output: the
 * "Loop time of T on P procs for S steps with N atoms" line and the per-rank memory.
 */
final class LammpsPeer {
    private LammpsPeer() { }

    private static final Pattern LOOP = Pattern.compile("Loop time of ([0-9.eE+-]+) on (\\d+) procs for (\\d+) steps with (\\d+) atoms");
    private static final Pattern MEMORY = Pattern.compile("Per MPI rank memory allocation \\(min/avg/max\\) = ([0-9.eE+-]+)");
    private static final Pattern VERSION = Pattern.compile("LAMMPS \\(([^)]*)\\)");

    /** The lmp executable on PATH, or null. */
    static Path find() {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, "lmp");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /**
     * Runs {@code script} (written as in.bench into {@code work}, with {@code files} copied beside it);
     * returns loop_seconds, steps, atoms, memory_mb_per_rank, version; or an "error" entry.
     */
    static Map<String, Object> run(Path lmp, Path work, String script, Map<String, byte[]> files, long timeoutSeconds) throws IOException,
            InterruptedException {
        Files.createDirectories(work);
        Files.writeString(work.resolve("in.bench"), script, StandardCharsets.UTF_8);
        for (Map.Entry<String, byte[]> f : files.entrySet()) Files.write(work.resolve(f.getKey()), f.getValue());
        Path screen = work.resolve("screen.txt");
        ProcessBuilder pb = new ProcessBuilder(List.of(lmp.toString(), "-in", "in.bench", "-log", "none", "-screen", "screen.txt"))
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("stdout.txt").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        Map<String, Object> out = new LinkedHashMap<>();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            out.put("error", "lmp did not finish in " + timeoutSeconds + " s");
            return out;
        }
        String text = Files.exists(screen) ? Files.readString(screen) : "";
        Matcher loop = LOOP.matcher(text);
        if (p.exitValue() != 0 || !loop.find()) {
            String tail = text.length() > 600 ? text.substring(text.length() - 600) : text;
            out.put("error", "lmp exited " + p.exitValue() + " without a loop time; screen ends: " + tail.strip());
            return out;
        }
        out.put("loop_seconds", Double.parseDouble(loop.group(1)));
        out.put("procs", Integer.parseInt(loop.group(2)));
        out.put("steps", Long.parseLong(loop.group(3)));
        out.put("atoms", Long.parseLong(loop.group(4)));
        Matcher mem = MEMORY.matcher(text);
        if (mem.find()) out.put("memory_mb_per_rank", Double.parseDouble(mem.group(1)));
        Matcher v = VERSION.matcher(text);
        if (v.find()) out.put("version", v.group(1));
        return out;
    }
}
