package org.polymorph.core.method;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import org.polymorph.core.runtime.Json;

/**
 * The folder of one run. Every file is written to a temporary name in the same folder and then
 * renamed, so a file is either whole or absent, even if the process dies mid-write.
 */
public final class RunDirectory {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path path;

    private RunDirectory(Path path) { this.path = path; }

    /** Creates the folder (and parents) if needed. */
    public static RunDirectory create(Path path) throws IOException {
        Files.createDirectories(path);
        return new RunDirectory(path.toAbsolutePath().normalize());
    }

    public Path path() { return path; }

    /** Resolves a file name inside the run directory, rejecting names that escape it. */
    public Path resolve(String name) {
        Path p = path.resolve(name).normalize();
        if (!p.startsWith(path) || p.equals(path)) {
            throw new IllegalArgumentException("file name '" + name + "' escapes the run directory " + path);
        }
        return p;
    }

    /** Writes through {@code writer} into a temporary file, then renames it to {@code name}. */
    public Path write(String name, IoWriter writer) throws IOException {
        return writeFile(name, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
        });
    }

    /**
     * Lets {@code writer} create a temporary file beside the target (for writers that take a path,
     * such as image encoders or structure-file writers), then renames it to {@code name}.
     */
    public Path writeFile(String name, PathWriter writer) throws IOException {
        Path target = resolve(name);
        Files.createDirectories(target.getParent());
        Path tmp = createTemporary(target);
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * An empty file beside {@code target} with a fresh name, created with the process umask (as the
     * renamed result should be; {@code Files.createTempFile} would make it readable by its owner only).
     */
    private static Path createTemporary(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException taken) {
                if (attempt > 100) throw taken;
            }
        }
    }

    public Path writeBytes(String name, byte[] bytes) throws IOException {
        return write(name, out -> out.write(bytes));
    }

    public Path writeString(String name, String text) throws IOException {
        return writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a value as pretty-printed JSON (see {@link Json}). */
    public Path writeJson(String name, Object value) throws IOException {
        return writeString(name, Json.write(value, true) + "\n");
    }

    /** Writes a file at the given (temporary) path. */
    @FunctionalInterface
    public interface PathWriter {
        void write(Path path) throws IOException;
    }

    /** A write that may fail with an I/O error. */
    @FunctionalInterface
    public interface IoWriter {
        void write(OutputStream out) throws IOException;
    }
}
