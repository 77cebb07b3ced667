package org.polymorph.shell.internal.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.polymorph.core.method.BadInputException;

/** Names and creates run directories: {@code <cwd>/runs/<yyyyMMdd-HHmmss-SSS>-<id>/}, never reused. */
public final class RunDirectories {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private RunDirectories() { }

    /** The given folder (created if needed), or a fresh default folder under {@code cwd/runs}. */
    public static Path create(Path out, Path cwd, String methodId, Instant now, ZoneId zone) throws IOException {
        if (out != null) {
            Path dir = out.isAbsolute() ? out : cwd.resolve(out);
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new BadInputException("--out " + dir + " exists and is not a directory; give a folder path");
            }
            return Files.createDirectories(dir).toAbsolutePath().normalize();
        }
        Path runs = Files.createDirectories(cwd.resolve("runs"));
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
    }

    /** Method ids are already file-safe (domain.verb); anything odd becomes '_'. */
    static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
