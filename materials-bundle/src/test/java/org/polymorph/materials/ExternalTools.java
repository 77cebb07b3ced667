package org.polymorph.materials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Peer programs for cross-checks (ASE from python3, LAMMPS's lmp): finding them, running them. */
public final class ExternalTools {
    private ExternalTools() { }

    /** Runs cmd in dir; its output, or an AssertionError with the output when it fails or takes longer than seconds. */
    public static String run(Path dir, long seconds, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n" + s);
        return s;
    }

    /** Whether cmd runs and exits 0 within a minute. */
    public static boolean works(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The first of python3 on PATH and /usr/bin/python3 that imports ase, or null. */
    public static String pythonWithAse() {
        for (String py : new String[] {"python3", "/usr/bin/python3"}) if (works(py, "-c", "import ase")) return py;
        return null;
    }
}
