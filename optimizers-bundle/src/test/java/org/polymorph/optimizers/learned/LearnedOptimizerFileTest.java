package org.polymorph.optimizers.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;

/** The learned-optimizer file: round trips, and every kind of bad file named with a fix. */
class LearnedOptimizerFileTest {
    private final AdTesting t = new AdTesting();
    private final Ops o = t.o;
    private final ServiceCatalog<LearnedOptimizerArchitecture> catalog =
            ServiceCatalog.of("learned-optimizer architecture", LearnedArchitectures.all(), LearnedOptimizerArchitecture::name);

    @TempDir Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Var> map(Object theta) { return (Map<String, Var>) theta; }

    private Path written(String arch, Map<String, ?> config) throws IOException {
        LearnedOptimizer lopt = catalog.get("architecture", arch).create(config);
        Path p = dir.resolve(arch + ".lopt");
        LearnedOptimizerFile.write(p, lopt, lopt.initMetaParams(o, RandomKey.of(4)), Map.of("trained_by", "test", "outer_steps", 0));
        return p;
    }

    @Test
    void roundTripKeepsArchitectureConfigProvenanceAndEveryBit() throws IOException {
        for (String arch : List.of("notebook_mlp", "mlp_lopt", "adafac_mlp_lopt")) {
            LearnedOptimizer lopt = catalog.get("architecture", arch).create(Map.of("hidden_size", 5, "step_mult", 0.002));
            Map<String, Var> theta = map(lopt.initMetaParams(o, RandomKey.of(9)));
            Path p = dir.resolve("sub/" + arch + ".lopt");
            LearnedOptimizerFile.write(p, lopt, theta, Map.of("trained_by", "test", "tasks", List.of("quadratic")));
            LearnedOptimizerFile.Loaded back = LearnedOptimizerFile.read(p, catalog);
            assertEquals(arch, back.optimizer().architecture());
            assertEquals(lopt.config(), back.optimizer().config());
            assertEquals("test", back.provenance().get("trained_by"));
            assertEquals(List.of("quadratic"), back.provenance().get("tasks"));
            Map<String, Var> again = back.theta(o);
            assertEquals(theta.keySet(), again.keySet());
            for (String k : theta.keySet()) {
                assertEquals(theta.get(k).shape(), again.get(k).shape(), k);
                assertArrayEquals(t.values(theta.get(k)), t.values(again.get(k)), 0.0, k);
            }
            back.optimizer().optimizer(o, again, 0);   // θ fits the architecture it names
        }
        try (Stream<Path> left = Files.list(dir.resolve("sub"))) {
            assertEquals(3, left.count(), "no temporary files remain");
        }
    }

    @Test
    void rewritingReplacesTheFileWhole() throws IOException {
        Path p = written("mlp_lopt", Map.of("hidden_size", 4));
        LearnedOptimizer other = catalog.get("architecture", "notebook_mlp").create(Map.of());
        LearnedOptimizerFile.write(p, other, other.initMetaParams(o, RandomKey.of(1)), null);
        assertEquals("notebook_mlp", LearnedOptimizerFile.read(p, catalog).optimizer().architecture());
    }

    private String failure(Path p) {
        return assertThrows(BadInputException.class, () -> LearnedOptimizerFile.read(p, catalog)).getMessage();
    }

    @Test
    void aFlippedByteIsCorrupt() throws IOException {
        Path p = written("mlp_lopt", Map.of());
        byte[] b = Files.readAllBytes(p);
        b[b.length - 100] ^= 0x10;
        Files.write(p, b);
        String m = failure(p);
        assertTrue(m.contains(p.toString()) && m.contains("corrupt") && m.contains("checksum"), m);
    }

    @Test
    void aCutFileIsTruncatedOrCorrupt() throws IOException {
        Path p = written("notebook_mlp", Map.of());
        byte[] b = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(b, 20));
        String m = failure(p);
        assertTrue(m.contains(p.toString()) && m.contains("truncated") && m.contains("write it again"), m);
        Files.write(p, Arrays.copyOf(b, b.length - 40));
        m = failure(p);
        assertTrue(m.contains("corrupt") || m.contains("truncated"), m);
    }

    @Test
    void aForeignFileIsNamed() throws IOException {
        Path p = dir.resolve("weights.json");
        Files.writeString(p, "{\"w0\": [1, 2, 3]}");
        String m = failure(p);
        assertTrue(m.contains(p.toString()) && m.contains("not a learned-optimizer file") && m.contains("lopt.meta_train"), m);
        m = failure(dir.resolve("absent.lopt"));
        assertTrue(m.contains("absent.lopt") && m.contains("no such file"), m);
    }

    @Test
    void aFileFromANewerVersionAsksForANewerPolymorph() throws Exception {
        Path p = written("notebook_mlp", Map.of());
        byte[] b = Files.readAllBytes(p);
        String all = new String(b, StandardCharsets.ISO_8859_1);
        int at = all.indexOf("\"format_version\":1");
        assertTrue(at > 0, "the header holds the version");
        b[at + "\"format_version\":".length()] = '7';
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(b, b.length - 32));
        System.arraycopy(digest, 0, b, b.length - 32, 32);
        Files.write(p, b);
        String m = failure(p);
        assertTrue(m.contains("version 7") && m.contains("newer Polymorph"), m);
    }

    @Test
    void anUnregisteredArchitectureListsTheInstalledOnes() throws IOException {
        Path p = written("adafac_mlp_lopt", Map.of());
        ServiceCatalog<LearnedOptimizerArchitecture> two = ServiceCatalog.of("learned-optimizer architecture",
                LearnedArchitectures.all().subList(0, 2), LearnedOptimizerArchitecture::name);
        String m = assertThrows(BadInputException.class, () -> LearnedOptimizerFile.read(p, two)).getMessage();
        assertTrue(m.contains("'adafac_mlp_lopt'") && m.contains("notebook_mlp, mlp_lopt"), m);
    }

    @Test
    void nonFiniteThetaIsNotWritten() {
        LearnedOptimizer lopt = catalog.get("architecture", "notebook_mlp").create(Map.of("hidden_size", 1));
        Map<String, Var> theta = map(lopt.initMetaParams(o, RandomKey.of(0)));
        theta.put("b1", t.vec(0.0, Double.NaN));
        Path p = dir.resolve("nan.lopt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnedOptimizerFile.write(p, lopt, theta, Map.of()));
        assertTrue(e.getMessage().contains("'b1'") && e.getMessage().contains("NaN"), e.getMessage());
        assertTrue(!Files.exists(p));
    }
}
