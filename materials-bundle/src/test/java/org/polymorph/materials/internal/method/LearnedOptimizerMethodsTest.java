package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Result;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.forcefield.FitMethod;
import org.polymorph.materials.internal.mlpotential.BehlerParrinello;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Schedule;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.internal.ClassicalOptimizers;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.internal.learned.LearnedOptimizerProvider;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;
import org.polymorph.optimizers.learned.LossAwareOptimizer;

/**
 * ff.fit and ff.mlp take {@code optimizer=learned:<file>} like nn.train: a learned optimizer file moves the fitted
 * parameters and the network weights, a bad file or a missing argument is bad input naming {@code optimizer}, and a
 * loss-aware optimizer is handed the loss of each step.
 */
class LearnedOptimizerMethodsTest {
    private final ServiceCatalog<LearnedOptimizerArchitecture> architectures =
            ServiceCatalog.of("learned-optimizer architecture", LearnedArchitectures.all(), LearnedOptimizerArchitecture::name);
    /** The classical providers and {@code learned}, as the optimizers bundle registers them. */
    private final ServiceCatalog<OptimizerProvider> optimizers;
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    @TempDir Path tmp;

    LearnedOptimizerMethodsTest() {
        List<OptimizerProvider> all = new ArrayList<>(ClassicalOptimizers.all());
        all.add(new LearnedOptimizerProvider(architectures));
        optimizers = ServiceCatalog.of("optimizer", all, OptimizerProvider::name);
    }

    /** A file of {@code architecture} at its initial θ (seed 2), with {@code config}. */
    private Path file(String architecture, Map<String, ?> config) throws Exception {
        LearnedOptimizer lopt = architectures.get("architecture", architecture).create(config);
        Path p = tmp.resolve(architecture + ".lopt");
        LearnedOptimizerFile.write(p, lopt, lopt.initMetaParams(ad.ops(), RandomKey.of(2)), Map.of("trained_by", "test"));
        return p;
    }

    private static String[] fitArgs(String... extra) {
        List<String> l = new ArrayList<>(List.of("style=sw", "potential_file=" + Oracles.potentialFile("Si.sw"), "free=lambda,A",
                "bounds=lambda:15:21.5", "targets=C11=165.7,C12=63.9,C44=79.6,P=0.01", "steps=3", "checkpoint_every=3"));
        l.addAll(List.of(extra));
        return l.toArray(new String[0]);
    }

    private static List<String> optimizerChoices(Method m) {
        return m.params().stream().filter(s -> s.name().equals("optimizer")).findFirst().orElseThrow().choices();
    }

    @SuppressWarnings("unchecked")
    @Test
    void ffFitDescendsWithALearnedOptimizerFile() throws Exception {
        FitMethod fit = new FitMethod(ad, optimizers, FixedCatalog.builtin());
        assertEquals(List.of("lbfgs", "sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "learned:"), optimizerChoices(fit));
        Path opt = file("mlp_lopt", Map.of("step_mult", 0.05));
        Result r = MethodTestSupport.run(fit, tmp.resolve("fit"), fitArgs("optimizer=learned:" + opt));
        assertEquals("learned:" + opt, r.values().get("optimizer"));
        assertEquals(3, r.values().get("steps_done"));
        Map<String, Object> start = (Map<String, Object>) r.values().get("start_parameters");
        Map<String, Object> fin = (Map<String, Object>) r.values().get("final_parameters");
        for (String k : List.of("lambda", "A")) {
            double s = ((Number) start.get(k)).doubleValue(), f = ((Number) fin.get(k)).doubleValue();
            assertTrue(Double.isFinite(f) && Math.abs(f - s) > 1e-9 * Math.abs(s), k + " moved: " + s + " -> " + f);
        }
        assertTrue(Double.isFinite((double) r.values().get("loss_final")), "loss " + r.values().get("loss_final"));
        assertTrue(Files.isRegularFile(tmp.resolve("fit").resolve("fitted.sw")));
    }

    /** Bad input naming optimizer, with the words that say what is wrong. */
    private String bad(Method m, String... args) {
        BadInputException e = assertThrows(BadInputException.class, () -> MethodTestSupport.run(m, tmp.resolve("bad"), args));
        assertEquals("optimizer", e.parameter().orElse(null), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badLearnedOptimizerValuesAreNamedByBothMethods() throws Exception {
        Path junk = tmp.resolve("junk.lopt");
        Files.writeString(junk, "not weights");
        Path missing = tmp.resolve("nope.lopt");
        FitMethod fit = new FitMethod(ad, optimizers, FixedCatalog.builtin());
        MlpMethod mlp = new MlpMethod(() -> ad, optimizers, FixedCatalog.builtin());
        for (Method m : List.of(fit, mlp)) {
            String[] base = m == fit ? fitArgs() : MlpMethodTest.tiny();
            String msg = bad(m, with(base, "optimizer=learned:" + junk));
            assertTrue(msg.contains("not a learned-optimizer file") && msg.contains(junk.toString()), msg);
            msg = bad(m, with(base, "optimizer=learned:" + missing));
            assertTrue(msg.contains("no such file"), msg);
            msg = bad(m, with(base, "optimizer=learned"));
            assertTrue(msg.contains("learned:"), msg);
        }
    }

    private static String[] with(String[] base, String extra) {
        List<String> l = new ArrayList<>(List.of(base));
        l.add(extra);
        return l.toArray(new String[0]);
    }

    @Test
    void ffMlpTrainsAndFineTunesWithALearnedOptimizerFile() throws Exception {
        MlpMethod mlp = new MlpMethod(() -> ad, optimizers, FixedCatalog.builtin());
        assertTrue(optimizerChoices(mlp).contains("learned:"), "choices " + optimizerChoices(mlp));
        Path opt = file("notebook_mlp", Map.of());
        Path out = tmp.resolve("mlp");
        Result r = MethodTestSupport.run(mlp, out, MlpMethodTest.tiny("optimizer=learned:" + opt));
        double first = (Double) r.values().get("train_loss_first"), last = (Double) r.values().get("train_loss_last");
        assertTrue(Double.isFinite(last) && last != first, "the learned optimizer moved the training loss: " + first + " -> " + last);
        BehlerParrinello trained = BehlerParrinello.read(out.resolve("trained.nnbp"));
        BehlerParrinello tuned = BehlerParrinello.read(out.resolve("finetuned.nnbp"));
        var x = org.polymorph.materials.structure.Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855);
        var nl = new org.polymorph.materials.partition.NeighborListBuilder(tuned.cutoff(), 0, false).build(x);
        assertNotEquals(trained.compute(x, nl).energy(), tuned.compute(x, nl).energy(), "fine-tuning with the learned optimizer changed the weights");
    }

    /** SGD at lr that records the loss each update is handed (a {@link LossAwareOptimizer}, as hyper_v2 is). */
    private static OptimizerProvider lossRecorder(List<Double> seen) {
        List<ParamSpec> lr = List.of(ParamSpec.real("lr", 0.01, "", 0, 10, "learning rate"));
        return new OptimizerProvider() {
            @Override public String name() { return "loss_recorder"; }
            @Override public String description() { return "sgd recording the losses it is given"; }
            @Override public List<ParamSpec> hyperParameters() { return lr; }
            @Override public Optimizer create(Ops ops, Map<String, ?> config) {
                Optimizer sgd = Optimizers.sgd(ops, Schedule.constant(((Number) config.get("lr")).doubleValue()));
                return new LossAwareOptimizer() {
                    @Override public Ops ops() { return ops; }
                    @Override public OptState init(Object params) { return sgd.init(params); }
                    @Override public Update update(Object g, OptState st, Object params) { throw new AssertionError("the loss-aware update is called"); }
                    @Override public Update update(Object g, OptState st, Object params, Var loss) {
                        seen.add(loss.item());
                        return sgd.update(g, st, params);
                    }
                };
            }
        };
    }

    /** Column 1 of each data row of a CSV file. */
    private static List<Double> column1(Path csv) throws Exception {
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) out.add(Double.parseDouble(line.split(",")[1]));
        return out;
    }

    @Test
    void aLossAwareOptimizerIsHandedTheLossOfEachStep() throws Exception {
        List<Double> seen = new ArrayList<>();
        List<OptimizerProvider> all = new ArrayList<>(ClassicalOptimizers.all());
        all.add(lossRecorder(seen));
        ServiceCatalog<OptimizerProvider> withRecorder = ServiceCatalog.of("optimizer", all, OptimizerProvider::name);
        Path fitDir = tmp.resolve("fit");
        MethodTestSupport.run(new FitMethod(ad, withRecorder, FixedCatalog.builtin()), fitDir, fitArgs("optimizer=loss_recorder", "lr=0.001"));
        assertEquals(column1(fitDir.resolve("loss.csv")).subList(0, 3), seen, "ff.fit's loss before each of its 3 steps");
        seen.clear();
        Path mlpDir = tmp.resolve("mlp");
        MethodTestSupport.run(new MlpMethod(() -> ad, withRecorder, FixedCatalog.builtin()), mlpDir, MlpMethodTest.tiny("optimizer=loss_recorder"));
        List<Double> train = column1(mlpDir.resolve("train_loss.csv"));
        assertEquals(6, train.size());
        for (int k = 0; k < train.size(); k++) assertEquals(train.get(k), seen.get(k), 1e-9 * Math.abs(train.get(k)), "ff.mlp training step " + (k + 1));
        assertTrue(seen.size() > train.size(), "fine-tuning hands its losses too: " + seen.size());
    }
}
