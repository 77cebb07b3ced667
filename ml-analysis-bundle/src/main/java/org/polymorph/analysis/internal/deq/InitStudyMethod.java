package org.polymorph.analysis.internal.deq;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.analysis.deq.InitFamily;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerChoice;
import org.polymorph.optimizers.OptimizerProvider;

/**
 * deq.init_study: Agarwala &amp; Schoenholz (2022, arXiv 2207.09432), "DEQs are sensitive to initialisation statistics".
 * For every initialisation family of the DEQ weight W (gaussian, orthogonal, symmetric; all with entry variance σ²/width)
 * and every σ, trains {@code seeds} DEQ classifiers ({@link DeqClassifier}, {@link StudyTrainer}) on standardised subsets
 * of a dataset (Fashion-MNIST by default, {@link StudyData}) and records whether training stayed stable (the forward
 * solver and the backward implicit solve converged at every step, the loss stayed finite and fell) and the test
 * accuracy. Writes init_study.csv (per family and σ), runs.csv (per seed), init_study.png, and checkpoint.bin after every
 * run; {@code resume=true} skips the runs the checkpoint holds (a cancelled run restarts from its first step). Every
 * family and σ of one seed index sees the same input projection, readout and batch order.
 */
public final class InitStudyMethod implements Method {
    static final String ID = "deq.init_study";

    private final Provider<TensorService> tensors;
    private final Provider<AutodiffService> autodiff;
    private final ServiceCatalog<DatasetProvider> datasets;
    private final ServiceCatalog<OptimizerProvider> optimizers;

    @Inject
    public InitStudyMethod(Provider<TensorService> tensors, Provider<AutodiffService> autodiff, ServiceCatalog<DatasetProvider> datasets,
                           ServiceCatalog<OptimizerProvider> optimizers) {
        this.tensors = tensors;
        this.autodiff = autodiff;
        this.datasets = datasets;
        this.optimizers = optimizers;
    }

    @Override public String id() { return ID; }

    @Override public String description() {
        return "DEQ initialisation study (Agarwala & Schoenholz 2022): per weight family and scale sigma, the fraction of seeds whose "
                + "DEQ classifier trains stably and the test accuracy; init_study.csv, runs.csv, init_study.png, checkpoint.bin";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("dataset", "fashion-mnist", "dataset spec of a classification dataset, e.g. fashion-mnist or blobs:n=600"),
                ParamSpec.text("families", String.join(",", InitFamily.ids()), "comma-separated weight families: "
                        + String.join(", ", InitFamily.ids())),
                ParamSpec.realList("sigmas", List.of(0.5, 1.0, 1.5, 2.0, 2.5, 3.0), "", 0, 100,
                        "weight scales sigma of W (entry variance sigma^2 / width)"),
                ParamSpec.integer("seeds", 2, "", 1, 1000, "training runs (seeds) per family and sigma"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "base seed of initialisation and batch order"),
                ParamSpec.integer("steps", 30, "steps", 1, 10_000_000, "optimizer steps per run"),
                ParamSpec.integer("batch", 32, "", 1, 1 << 16, "minibatch size"),
                ParamSpec.integer("width", 32, "", 1, 4096, "width of the DEQ state z"),
                ParamSpec.real("input_scale", 1.0, "", 0, 100, "sigma_u of the input projection U (entry variance sigma_u^2 / features; "
                        + "inputs are standardised)"),
                ParamSpec.integer("train_examples", 1024, "", 1, 10_000_000, "training examples used (the first ones)"),
                ParamSpec.integer("test_examples", 500, "", 1, 10_000_000, "test examples for the accuracy (the first ones)"),
                ParamSpec.choice("optimizer", "adam", OptimizerChoice.choices(optimizers),
                        "optimizer (the registered optimizer providers at their defaults but lr; learned:<file> for a learned optimizer, which does not use lr)"),
                ParamSpec.real("lr", 0.005, "", 1e-9, 10, "learning rate (constant)"),
                ParamSpec.choice("solver", "broyden", List.of("broyden", "anderson"), "forward fixed-point solver"),
                ParamSpec.real("tol", 1e-6, "", 1e-14, 0.1, "forward solver tolerance on ||f(z) - z|| / max(1, ||f(z)||)"),
                ParamSpec.integer("max_iter", 100, "", 1, 100_000, "forward solver iteration limit (a run whose solve needs more is unstable)"),
                ParamSpec.bool("resume", false, "continue the sweep from checkpoint.bin in the run directory (--out of the earlier run)"));
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        StudySettings s = StudySettings.of(params);
        TensorService ts = tensors.get();
        AD ad = autodiff.get().create(ts);
        Optimizer opt = optimizer(ad, s);
        progress.message("loading dataset " + s.dataset());
        StudyData data = StudyData.load(datasets, ts, s);
        progress.checkCancelled("loading dataset " + s.dataset());

        List<StudyRun> runs = new ArrayList<>();
        if (s.resume()) runs.addAll(StudyCheckpoint.read(dir, this, params, s.steps()));
        int resumed = runs.size();
        long total = (long) s.families().size() * s.sigmas().size() * s.seeds() * s.steps();
        StudyTrainer trainer = new StudyTrainer(ad, s, data, opt);
        for (InitFamily family : s.families()) {
            for (double sigma : s.sigmas()) {
                for (int seed = 0; seed < s.seeds(); seed++) {
                    final int sd = seed;
                    if (runs.stream().anyMatch(r -> r.isCell(family.id(), sigma, sd))) continue;
                    StudyRun r;
                    try {
                        r = trainer.train(family, sigma, seed, progress, (long) runs.size() * s.steps(), total);
                    } catch (CancelledException e) {
                        StudyCheckpoint.write(dir, this, params, s.steps(), runs);
                        throw new CancelledException(ID + " was " + e.getMessage() + (dir == null ? "" : "; " + StudyCheckpoint.FILE + " in "
                                + dir.path() + " holds the " + runs.size() + " finished runs: continue with resume=true --out " + dir.path()));
                    }
                    runs.add(r);
                    StudyCheckpoint.write(dir, this, params, s.steps(), runs);
                    StudyTable.write(dir, StudyTable.rows(ids(s.families()), s.sigmas(), runs), runs);
                    progress.update((long) runs.size() * s.steps(), total, String.format(Locale.ROOT, "%s sigma=%g seed %d: %s", family.id(), sigma, seed, r.outcome()));
                }
            }
        }
        List<StudyTable.Row> rows = StudyTable.rows(ids(s.families()), s.sigmas(), runs);
        StudyTable.write(dir, rows, runs);
        return result(s, rows, runs, resumed, data, (System.nanoTime() - t0) / 1e9, dir);
    }

    /** The optimizer= of every run, at lr when it takes one, for runs of {@code steps} steps (a learned optimizer's step features). */
    private Optimizer optimizer(AD ad, StudySettings s) {
        return OptimizerChoice.create(ad.ops(), optimizers, "optimizer", s.optimizer(), Map.of("lr", s.lr(), "num_steps", s.steps()),
                "use optimizer=adam or check lr");
    }

    private Result result(StudySettings s, List<StudyTable.Row> rows, List<StudyRun> runs, int resumed, StudyData data, double seconds, RunDirectory dir) {
        List<Map<String, Object>> table = new ArrayList<>();
        for (StudyTable.Row r : rows) table.add(r.json());
        List<Map<String, Object>> perRun = new ArrayList<>();
        for (StudyRun r : runs) perRun.add(r.json());
        Map<String, Double> maxStable = StudyTable.maxStableSigma(rows);
        Result.Builder b = Result.builder()
                .put("table", table)
                .put("runs", perRun)
                .put("max_stable_sigma", maxStable)
                .put("dataset", s.dataset())
                .put("train_examples", data.train().size())
                .put("test_examples", data.test().size())
                .put("width", s.width())
                .put("steps", s.steps())
                .put("solver", s.solver().method().id())
                .put("resumed_runs", resumed)
                .put("seconds", Math.round(seconds * 1000) / 1000.0);
        b.summary(String.format(Locale.ROOT, "DEQ width %d on %s (%d train / %d test), %d steps of %s per run, %d runs%s in %.1f s",
                s.width(), s.dataset(), data.train().size(), data.test().size(), s.steps(), s.optimizer(), runs.size(),
                resumed > 0 ? " (" + resumed + " from the checkpoint)" : "", seconds));
        for (StudyTable.Row r : rows) {
            b.summary(String.format(Locale.ROOT, "%-10s sigma=%-5g stable %d/%d  accuracy %s", r.family(), r.sigma(),
                    Math.round(r.stableFraction() * r.seeds()), r.seeds(), Double.isFinite(r.accuracy()) ? String.format(Locale.ROOT, "%.3f", r.accuracy()) : "-"));
        }
        for (InitFamily f : s.families()) {
            Double m = maxStable.get(f.id());
            b.summary(f.id() + ": " + (m == null ? "no sigma trained stably for every seed" : "every seed stable up to sigma = " + m));
        }
        b.summary("init_study.csv, runs.csv, init_study.png and checkpoint.bin in " + (dir == null ? "(no run directory)" : dir.path()));
        return b.build();
    }

    private static List<String> ids(List<InitFamily> fs) { return fs.stream().map(InitFamily::id).toList(); }

}
