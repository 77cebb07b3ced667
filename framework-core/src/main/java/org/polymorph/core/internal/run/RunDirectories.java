package org.polymorph.core.internal.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.run.ErrorText;

/** Names and creates run directories: {@code <cwd>/runs/<yyyyMMdd-HHmmss-SSS>-<id>/}, never reused, or the given {@code --out}. */
final class RunDirectories {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private RunDirectories() { }

    /** {@code out} as an absolute path (relative to {@code cwd}); BadInputException when it names a file. */
    static Path resolveOut(Path out, Path cwd) {
        Path dir = (out.isAbsolute() ? out : cwd.resolve(out)).toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException("--out " + dir + " exists and is not a directory; give a folder path");
        }
        return dir;
    }

    /** Creates the {@code --out} folder (and parents) and checks that it can be written; BadInputException naming --out. */
    static Path createOut(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new BadInputException("--out " + dir + " cannot be created (" + ErrorText.of(e)
                    + "); give a folder you can write to", e);
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException("--out " + dir + " is not writable (permission denied); give a folder you can write to");
        }
        return dir;
    }

    /** A fresh folder under {@code cwd/runs}; two runs in the same millisecond get different ones. */
    static Path createDefault(Path cwd, String methodId, Instant now, ZoneId zone) {
        Path runs = cwd.resolve("runs");
        try {
            Files.createDirectories(runs);
            String base = STAMP.format(now.atZone(zone)) + "-" + safe(methodId);
            for (int n = 1; ; n++) {
                Path dir = runs.resolve(n == 1 ? base : base + "-" + n);
                try {
                    // createDirectory is atomic: two runs in the same millisecond get different folders
                    return Files.createDirectory(dir).toAbsolutePath().normalize();
                } catch (FileAlreadyExistsException taken) {
                    if (n > 10_000) throw taken;
                }
            }
        } catch (IOException | SecurityException e) {
            throw new BadInputException("the run directory cannot be created under " + runs + " (" + ErrorText.of(e)
                    + "); run from a folder you can write to, or give --out DIR", e);
        }
    }

    /** Method ids are already file-safe (domain.verb); anything odd becomes '_'. */
    static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
