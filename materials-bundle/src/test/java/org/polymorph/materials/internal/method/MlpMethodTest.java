package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.mlpotential.BehlerParrinello;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.internal.ClassicalOptimizers;

/** ff.mlp on a tiny problem (8 atoms, 4-unit network, a few steps): outputs, the network files as potentials, and bit-exact resume. */
class MlpMethodTest {
    /** The optimizers bundle's classical providers by name, as the registry holds them. */
    static final ServiceCatalog<OptimizerProvider> OPTIMIZERS =
            ServiceCatalog.of("optimizer", ClassicalOptimizers.all(), OptimizerProvider::name);

    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    static String[] tiny(String... extra) {
        List<String> l = new java.util.ArrayList<>(List.of("potential=sw", "potential_file=" + Oracles.potentialFile("Si.sw"), "repeat=1,1,1",
                "hidden=4", "radial=3", "frames_per_phase=2", "every=2", "train_steps=6", "rounds=2", "steps_per_round=2", "warm=10", "frames=4",
                "rdf_frames=3", "rdf_min=2.0", "rdf_max=4.5", "rdf_points=12", "checkpoint_every=2", "seed=3", "test_temperatures=2600"));
        l.addAll(List.of(extra));
        return l.toArray(new String[0]);
    }

    @SuppressWarnings("unchecked")
    @Test
    void trainsFineTunesAndWritesNetworksThatLoadAsPotentials(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Result r = MethodTestSupport.run(new MlpMethod(() -> ad, OPTIMIZERS, FixedCatalog.builtin()), out, tiny());
        for (String f : List.of("trained.nnbp", "finetuned.nnbp", "train_loss.csv", "finetune_loss.csv", "loss.png", "rdf.csv", "rdf.png", MlpCheckpoint.FILE)) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertTrue(Files.size(out.resolve("rdf.png")) > 2000 && Files.size(out.resolve("loss.png")) > 2000, "PNGs are drawn");
        assertEquals(1 + 6, Files.readAllLines(out.resolve("train_loss.csv")).size());
        assertEquals(1 + 2, Files.readAllLines(out.resolve("finetune_loss.csv")).size());
        assertEquals("r_A,ref_2200K,energy_force_2200K,finetuned_2200K,ref_2600K,energy_force_2600K,finetuned_2600K",
                Files.readAllLines(out.resolve("rdf.csv")).get(0));
        assertTrue((Double) r.values().get("train_loss_last") < (Double) r.values().get("train_loss_first"), "training lowers the loss: " + r.values());
        List<Map<String, Object>> temps = (List<Map<String, Object>>) r.values().get("temperatures");
        assertEquals(2, temps.size());
        for (Map<String, Object> t : temps) {
            for (String k : List.of("l2_energy_force", "l2_finetuned", "l2_reference_noise")) {
                double v = (Double) t.get(k);
                assertTrue(Double.isFinite(v) && v > 0, k + " = " + v);
            }
        }
        // the fine-tuned network differs from the trained one, and md.evaluate reads it as potential=nn/bp
        BehlerParrinello trained = BehlerParrinello.read(out.resolve("trained.nnbp"));
        BehlerParrinello tuned = BehlerParrinello.read(out.resolve("finetuned.nnbp"));
        Atoms x = Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855);
        var nl = new NeighborListBuilder(tuned.cutoff(), 0, false).build(x);
        assertTrue(Math.abs(trained.compute(x, nl).energy() - tuned.compute(x, nl).energy()) > 1e-9, "fine-tuning changed the weights");
        Result ev = MethodTestSupport.run(new EvaluateMethod(FixedCatalog.builtin()), dir.resolve("eval"), "lattice=diamond", "a=5.431", "repeat=1,1,1", "element=Si",
                "potential=nn/bp", "potential_file=" + out.resolve("finetuned.nnbp"));
        assertEquals(tuned.compute(x, nl).energy(), (Double) ev.values().get("energy"), 1e-12);
        assertTrue(Math.abs((Double) ev.values().get("energy_per_atom") + 4.3) < 1.0, "energy near SW's -4.34 eV/atom: " + ev.values().get("energy_per_atom"));
    }

    /** Throws once the progress message contains {@code stop}: an interruption at that point. */
    private static Progress stopAt(String stop) {
        return (done, total, message) -> {
            if (message != null && message.contains(stop)) throw new IllegalStateException("interrupted at " + message);
        };
    }

    /** The checkpoint's payload in {@code dir} as text (its JSON part is ASCII). */
    static String payload(Path dir) {
        return new String(Checkpoint.read(dir.resolve(MlpCheckpoint.FILE)).payload(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void resumeAfterInterruptionsInTrainingAndFineTuningGivesTheSameNetworks(@TempDir Path dir) throws Exception {
        MlpMethod m = new MlpMethod(() -> ad, OPTIMIZERS, FixedCatalog.builtin());
        MethodTestSupport.run(m, dir.resolve("whole"), tiny());
        Path cut = dir.resolve("cut");
        assertThrows(IllegalStateException.class, () -> m.run(MethodTestSupport.params(m, tiny()), stopAt("step 5/"), RunDirectory.create(cut)));
        assertTrue(payload(cut).contains("\"train_step\":4"), "checkpoint at step 4");
        assertThrows(IllegalStateException.class, () -> m.run(MethodTestSupport.params(m, tiny("resume=true")), stopAt("round 1/"), RunDirectory.create(cut)));
        assertTrue(payload(cut).contains("\"round\":1"), "checkpoint after round 1");
        Result r = m.run(MethodTestSupport.params(m, tiny("resume=true")), Progress.NONE, RunDirectory.create(cut));
        assertEquals(Map.of("train_step", 6, "round", 1), r.values().get("resumed_from"));
        for (String f : List.of("trained.nnbp", "finetuned.nnbp", "rdf.csv", "train_loss.csv", "finetune_loss.csv")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("whole").resolve(f)), Files.readAllBytes(cut.resolve(f)), f + " bit for bit");
        }
        BadInputException other = assertThrows(BadInputException.class, () -> MethodTestSupport.run(m, cut, tiny("resume=true", "seed=4")));
        assertTrue(other.getMessage().contains("'resume'"), other.getMessage());
        BadInputException none = assertThrows(BadInputException.class, () -> MethodTestSupport.run(m, dir.resolve("empty"), tiny("resume=true")));
        assertTrue(none.getMessage().contains("run without resume"), none.getMessage());
    }

    /**
     * The full experiment with ff.mlp's defaults (SW, 64 atoms, fine-tune at 2200 K, unseen 3000 K; minutes):
     * {@code mvn -o test -pl materials-bundle -Dtest=MlpMethodTest -Dmlp.demo=method}; the run directory is target/ff-mlp-full,
     * or {@code -Dmlp.out=DIR}; {@code -Dmlp.args="seed=8 rounds=30"} sets further parameters.
     */
    @Tag("benchmark")
    @EnabledIfSystemProperty(named = "mlp.demo", matches = "method")
    @SuppressWarnings("unchecked")
    @Test
    void fullExperimentWithTheDefaults() throws Exception {
        Path out = Path.of(System.getProperty("mlp.out", "target/ff-mlp-full"));
        List<String> args = new java.util.ArrayList<>(List.of("potential_file=" + Oracles.potentialFile("Si.sw")));
        for (String a : System.getProperty("mlp.args", "").trim().split("\\s+")) if (!a.isEmpty()) args.add(a);
        Result r = new MlpMethod(() -> ad, OPTIMIZERS, FixedCatalog.builtin()).run(MethodTestSupport.params(new MlpMethod(() -> ad, OPTIMIZERS, FixedCatalog.builtin()), args.toArray(new String[0])),
                (done, total, message) -> System.out.println("ff.mlp [" + done + "/" + total + "] " + message), RunDirectory.create(out));
        r.summary().forEach(s -> System.out.println("ff.mlp: " + s));
        System.out.println("ff.mlp result: " + r.values());
        List<Map<String, Object>> temps = (List<Map<String, Object>>) r.values().get("temperatures");
        for (Map<String, Object> t : temps) {
            assertTrue((Double) t.get("l2_finetuned") < (Double) t.get("l2_energy_force"), "fine-tuning improves g(r) at " + t);
        }
    }
}
