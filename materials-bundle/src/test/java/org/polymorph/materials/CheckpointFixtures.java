package org.polymorph.materials;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.run.ResumeRule;

/**
 * Stored checkpoints of the current format (src/test/resources/checkpoints/&lt;method id&gt;/: the run directory of a short run,
 * checkpoint included, and the input files it read). A test copies one into a fresh folder with {@link #copy}, then
 * {@link #relocate}s its header: the stored parameters name the inputs by the absolute path they had where the fixture was
 * written, so each parameter naming a file is checked to name one of the same name and content in the copy, and every other parameter
 * is checked by the core resume rule; then the header is written again naming the copies. The payload stays the stored bytes.
 * With {@code -Dcheckpoint.fixtures=write} the tests write the fixtures again instead ({@link #writing}).
 */
public final class CheckpointFixtures {
    private CheckpointFixtures() { }

    /** Whether this test run writes the fixtures (into src/test/resources of the module) instead of reading them. */
    public static boolean writing() { return "write".equals(System.getProperty("checkpoint.fixtures")); }

    /** The stored fixture of {@code methodId}, in the module's sources (for writing) or on the test class path (for reading). */
    public static Path dir(String methodId) {
        if (writing()) return Path.of("src/test/resources/checkpoints", methodId);
        try {
            return Path.of(CheckpointFixtures.class.getClassLoader().getResource("checkpoints/" + methodId).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no stored checkpoint fixture for " + methodId + " on the test class path", e);
        }
    }

    /** Copies every file of the fixture into {@code to} (created); returns {@code to}. */
    public static Path copy(String methodId, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(dir(methodId))) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    /**
     * Checks the stored parameters of checkpoint {@code name} in {@code dir} against {@code now} (the resuming run's, whose path
     * parameters name the copies in {@code dir}) and writes the header again with {@code now}'s values, keeping the payload.
     */
    public static void relocate(Path dir, String name, Method method, Params now) throws IOException {
        Checkpoint stored = Checkpoint.read(dir.resolve(name));
        assertEquals(method.id(), stored.methodId());
        Map<String, Object> earlier = new HashMap<>(stored.params());
        for (ParamSpec spec : method.params()) {
            // a path parameter, or a text one naming a file (potential_file): an absolute path whose file the fixture holds
            if (!(earlier.get(spec.name()) instanceof String was) || was.isEmpty() || !Path.of(was).isAbsolute()
                    || !Files.isRegularFile(dir.resolve(Path.of(was).getFileName()))) {
                continue;
            }
            Path file = Path.of(now.getString(spec.name()));
            assertEquals(Path.of(was).getFileName(), file.getFileName(), spec.name() + ": the stored run read a file of another name");
            assertEquals(sha256(dir.resolve(file.getFileName())), sha256(file), spec.name() + ": not the fixture's copy");
            earlier.put(spec.name(), now.asMap().get(spec.name()));
        }
        ResumeRule.of(method).check(earlier, now.asMap(), dir.resolve(name).toString());
        Checkpoint.write(RunDirectory.create(dir), name, method, now, stored.payloadVersion(), stored.payload());
    }

    /** Writes the files {@code names} of {@code from} into the fixture of {@code methodId}, replacing it. */
    public static void store(String methodId, Path from, List<String> names) throws IOException {
        Path to = dir(methodId);
        if (Files.isDirectory(to)) {
            try (Stream<Path> old = Files.list(to)) {
                for (Path f : old.toList()) Files.delete(f);
            }
        }
        Files.createDirectories(to);
        for (String n : names) Files.copy(from.resolve(n), to.resolve(n), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
