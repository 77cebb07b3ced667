package org.polymorph.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A private copy of the assembled distribution ({@code distribution/target/polymorph}) under
 * {@code target/it-home-<name>-<time>}, so each test class starts from a clean runtime. Folders
 * created at run time (caches, logs, runs) are not copied. Jars are hard links to the distribution's
 * (about 170 MB per home saved; the runtime and the tests only read them, and replacing or deleting a
 * link leaves the distribution as it was); where links are refused (another file system) they are copied.
 */
public final class DistributionHome {
    private static final Set<String> RUNTIME_FOLDERS = Set.of("felix-cache", "cache", "logs", "runs");

    private DistributionHome() { }

    /** The built distribution; fails with a hint when it has not been assembled. */
    public static Path source() {
        Path dist = Path.of(System.getProperty("polymorph.dist", "../distribution/target/polymorph")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(dist.resolve("bin/polymorph")),
                "no assembled distribution at " + dist + "; build it first: mvn -B -DskipTests install");
        return dist;
    }

    /** The example bundle jar copied to target/it-artifacts by the build. */
    public static Path exampleJar() {
        Path jar = Path.of(System.getProperty("polymorph.example.jar", "target/it-artifacts/custom-method-example.jar"));
        assertTrue(Files.isRegularFile(jar), "example jar missing: " + jar);
        return jar.toAbsolutePath();
    }

    /** Scratch folder under target/ for this test class. */
    public static Path scratch(String name) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS"));
        Path base = Path.of(System.getProperty("polymorph.it.scratch", "target")).toAbsolutePath();
        return Files.createDirectories(base.resolve("it-home-" + name + "-" + stamp));
    }

    /** Copies the distribution into {@code scratch/polymorph}, keeping file modes (bin/polymorph stays executable). */
    public static Path copy(Path scratch) throws IOException {
        Path from = source();
        Path to = scratch.resolve("polymorph");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && from.relativize(dir).getNameCount() == 1
                        && RUNTIME_FOLDERS.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (!(file.getFileName().toString().endsWith(".jar") && link(file, target))) {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertTrue(Files.isExecutable(to.resolve("bin/polymorph")), "bin/polymorph is not executable in " + to);
        return to;
    }

    private static boolean link(Path existing, Path link) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Deletes the bundle and native caches a run left in {@code home} (hundreds of MB); logs and runs stay. */
    public static void dropCaches(Path home) {
        for (String name : List.of("felix-cache", "cache")) {
            Path dir = home.resolve(name);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }
    }
}
