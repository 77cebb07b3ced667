package org.polymorph.core.method;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an input file parameter ({@link ParamType#PATH}, {@link ParamType#FILES}) is found: the
 * path as given (relative to the working directory); then, for a bare file name only, each
 * directory of the environment variable {@value #ENV} (entries separated by the platform's path
 * separator), the distribution's {@code potentials/} folder ({@code <polymorph.home>/potentials}),
 * as LAMMPS looks for potential files in {@code $LAMMPS_POTENTIALS}, and its {@code models/} folder. For a file list
 * ({@link ParamType#FILES}) a readable folder counts as found too: a model published as a folder of files (matgl's
 * model.json + state.pt) is named by it.
 */
final class FileSearch {
    /** Environment variable naming extra directories for bare file names. */
    static final String ENV = "POLYMORPH_POTENTIALS";
    /** System property holding the distribution's home (set by bin/polymorph). */
    static final String HOME_PROPERTY = "polymorph.home";

    private FileSearch() { }

    /** The readable regular file {@code given} names, as an absolute path, if there is one. */
    static Optional<Path> find(String given) { return find(given, false); }

    /** The readable regular file (or, with {@code folders}, folder) {@code given} names, as an absolute path, if there is one. */
    static Optional<Path> find(String given, boolean folders) {
        Path p;
        try {
            p = Path.of(given);
        } catch (InvalidPathException e) {
            return Optional.empty();     // e.g. a NUL character: no file has that name
        }
        if (readable(p, folders)) return Optional.of(p.toAbsolutePath());
        if (p.isAbsolute() || p.getNameCount() != 1) return Optional.empty();
        for (Path dir : directories()) {
            Path q = dir.resolve(p);
            if (readable(q, folders)) return Optional.of(q.toAbsolutePath());
        }
        return Optional.empty();
    }

    /** The directories searched for a bare file name, in order (those that exist). */
    static List<Path> directories() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv(ENV);
        if (env != null) {
            for (String s : env.split(File.pathSeparator)) {
                if (!s.isBlank()) dirs.add(Path.of(s.trim()));
            }
        }
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home, "potentials"));
            dirs.add(Path.of(home, "models"));
        }
        dirs.removeIf(d -> !Files.isDirectory(d));
        return dirs;
    }

    /** The fix for a file that was not found, naming where a bare name was looked for. */
    static String fix(String what) {
        List<Path> dirs = directories();
        return what + (dirs.isEmpty() ? "" : " (a bare file name is also looked for in " + dirs.stream().map(Path::toString)
                .reduce((a, b) -> a + ", " + b).orElse("") + ")");
    }

    private static boolean readable(Path p, boolean folders) {
        return (Files.isRegularFile(p) || (folders && Files.isDirectory(p))) && Files.isReadable(p);
    }
}
