package org.polymorph.launcher.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Chooses the Felix bundle cache. The shared {@code felix-cache/} is kept between runs (fast start);
 * when another Polymorph process holds its lock, this run gets a private temporary cache instead
 * (slower, deleted when the JVM exits) rather than failing.
 */
public final class CacheDir {
    private static final String LOCK_FILE = "cache.lock";

    private CacheDir() {
    }

    /** True when the cache at {@code dir} is free (or does not exist yet). */
    public static boolean isFree(Path dir) {
        Path lock = dir.resolve(LOCK_FILE);
        if (!Files.exists(lock)) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return false;
            }
            l.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A fresh private cache under {@code parent}, removed at JVM exit. */
    public static Path privateCache(Path parent, PrintStream err) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "felix-cache-");
        err.println("polymorph: the bundle cache is in use by another polymorph process; this run uses a private"
                + " cache " + dir + " (slower start)");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "polymorph-cache-cleanup"));
        return dir;
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary cache is harmless
        }
    }
}
