package org.polymorph.analysis.internal.deq;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.analysis.deq.FixedPointSolver;
import org.polymorph.analysis.deq.InitFamily;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.data.Batches;
import org.polymorph.autodiff.data.Dataset;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.CancelledException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Schedule;
import org.polymorph.optimizers.Update;

/**
 * deq.init_study: Agarwala &amp; Schoenholz (2022, arXiv 2207.09432), "DEQs are sensitive to initialisation statistics".
 * For every initialisation family of the DEQ weight W (gaussian, orthogonal, symmetric; all with entry variance σ²/width)
 * and every σ, trains {@code seeds} DEQ classifiers ({@link DeqClassifier}) on a subset of a dataset (Fashion-MNIST by
 * default) and records whether training stayed stable (the forward solver and the backward implicit solve converged at
 * every step, the loss stayed finite and fell from the first tenth of the steps to the last) and the test accuracy.
 * Writes init_study.csv (per family and σ), runs.csv (per seed), init_study.png and checkpoint.bin after every run;
 * {@code resume=true} skips the runs the checkpoint holds.
 *
 * <p>Randomness: the run of seed index i uses {@code RandomKey.of(seed).foldIn(i)}: foldIn(1..3) initialise (see
 * DeqClassifier), foldIn(4).foldIn(epoch) orders the minibatches; so every family and σ sees the same data order and
 * the same input projection for a given seed.
 */
public final class InitStudyMethod implements Method {
    static final String ID = "deq.init_study";
    private static final int EVAL_CHUNK = 500;

    private final Provider<TensorService> tensors;
    private final Provider<AutodiffService> autodiff;
    private final ServiceCatalog<DatasetProvider> datasets;

    @Inject
    public InitStudyMethod(Provider<TensorService> tensors, Provider<AutodiffService> autodiff, ServiceCatalog<DatasetProvider> datasets) {
        this.tensors = tensors;
        this.autodiff = autodiff;
        this.datasets = datasets;
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
                ParamSpec.choice("optimizer", "adam", List.of("adam", "sgd"), "optimizer"),
                ParamSpec.real("lr", 0.005, "", 1e-9, 10, "learning rate (constant)"),
                ParamSpec.choice("solver", "broyden", List.of("broyden", "anderson"), "forward fixed-point solver"),
                ParamSpec.real("tol", 1e-6, "", 1e-14, 0.1, "forward solver tolerance on ||f(z) - z|| / max(1, ||f(z)||)"),
                ParamSpec.integer("max_iter", 100, "", 1, 100_000, "forward solver iteration limit (a run whose solve needs more is unstable)"),
                ParamSpec.bool("resume", false, "continue the sweep from checkpoint.bin in the run directory (--out of the earlier run)"));
    }

    @Override
    public Result run(Params params, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        Settings s = Settings.of(params);
        TensorService ts = tensors.get();
        AD ad = autodiff.get().create(ts);
        progress.message("loading dataset " + s.dataset);
        Data data = load(ts, s);
        progress.checkCancelled("loading dataset " + s.dataset);

        List<StudyRun> runs = new ArrayList<>();
        if (s.resume) runs.addAll(StudyCheckpoint.read(dir, this, params, s.steps));
        int resumed = runs.size();
        long total = (long) s.families.size() * s.sigmas.size() * s.seeds * s.steps;
        long[] done = {(long) resumed * s.steps};
        for (InitFamily family : s.families) {
            for (double sigma : s.sigmas) {
                for (int seed = 0; seed < s.seeds; seed++) {
                    final int sd = seed;
                    if (runs.stream().anyMatch(r -> r.isCell(family.id(), sigma, sd))) continue;
                    StudyRun r = train(ad, s, data, family, sigma, seed, progress, done, total, dir, params, runs);
                    runs.add(r);
                    done[0] = (long) runs.size() * s.steps;
                    StudyCheckpoint.write(dir, this, params, s.steps, runs);
                    StudyTable.write(dir, StudyTable.rows(ids(s.families), s.sigmas, runs), runs);
                    progress.update(done[0], total, String.format(Locale.ROOT, "%s sigma=%g seed %d: %s", family.id(), sigma, seed, r.outcome()));
                }
            }
        }
        List<StudyTable.Row> rows = StudyTable.rows(ids(s.families), s.sigmas, runs);
        StudyTable.write(dir, rows, runs);
        return result(s, rows, runs, resumed, data, (System.nanoTime() - t0) / 1e9, dir);
    }

    private StudyRun train(AD ad, Settings s, Data data, InitFamily family, double sigma, int seed, Progress progress, long[] done,
                           long total, RunDirectory dir, Params params, List<StudyRun> finished) throws Exception {
        Ops o = ad.ops();
        TensorService ts = o.tensors();
        RandomKey key = RandomKey.of(s.seed).foldIn(seed);
        DeqClassifier model = new DeqClassifier(s.width, s.solver);
        Map<String, Var> p = new LinkedHashMap<>();
        model.init(ts, key, family, sigma, s.inputScale, data.inputs, data.classes).forEach((k, v) -> p.put(k, o.constant(v)));
        Map<String, Var> theta = p;
        Optimizer opt = s.optimizer.equals("sgd") ? Optimizers.sgd(o, Schedule.constant(s.lr))
                : Optimizers.adam(o, Schedule.constant(s.lr), 0.9, 0.999, 1e-8);
        OptState state = opt.init(theta);
        int perEpoch = data.train.size() / s.batch;
        Batches batches = null;
        long epoch = -1;
        List<Double> losses = new ArrayList<>();
        double iterSum = 0, maxResidual = 0;
        String failure = null;
        for (int k = 0; k < s.steps && failure == null; k++) {
            if (progress.cancelled()) {
                StudyCheckpoint.write(dir, this, params, s.steps, finished);
                throw new CancelledException(ID + " was cancelled in run " + family.id() + " sigma=" + sigma + " seed " + seed + " (step " + k
                        + " of " + s.steps + ")" + (dir == null ? "" : "; " + StudyCheckpoint.FILE + " in " + dir.path()
                        + " holds the " + finished.size() + " finished runs: continue with resume=true --out " + dir.path()));
            }
            if (k / perEpoch != epoch) {
                epoch = k / perEpoch;
                batches = data.train.batches(ts, key.foldIn(4).foldIn(epoch), s.batch, true);
            }
            Dataset.Batch b = batches.get(k % perEpoch);
            Var xb = o.constant(b.x());
            Var yb = o.constant(b.y());
            FixedPointSolver.Solution[] solve = new FixedPointSolver.Solution[1];
            ValueAndGrad<Map<String, Var>> vg;
            try {
                vg = ad.valueAndGrad(q -> {
                    DeqClassifier.Forward f = model.loss(ad, q, xb, yb);
                    solve[0] = f.solve();
                    return f.value();
                }, theta);
            } catch (FixedPointSolver.NotConvergedException e) {
                failure = "forward solve failed at step " + (k + 1) + ": residual " + fmt(e.solution().residual()) + " after "
                        + e.solution().iterations() + " iterations";
                break;
            } catch (ArithmeticException e) {
                failure = "backward implicit solve failed at step " + (k + 1) + ": " + e.getMessage();
                break;
            }
            double loss = vg.value().item();
            iterSum += solve[0].iterations();
            maxResidual = Math.max(maxResidual, solve[0].residual());
            if (!Double.isFinite(loss)) {
                failure = "loss became " + loss + " at step " + (k + 1);
                break;
            }
            losses.add(loss);
            Update u = opt.update(vg.grad(), state, theta);
            theta = opt.applyUpdates(theta, u.updates());
            state = u.state();
            done[0]++;
            if (k % 5 == 4 || k == s.steps - 1) {
                progress.update(done[0], total, String.format(Locale.ROOT, "%s sigma=%g seed %d step %d/%d loss %.4f (%d solver iterations)",
                        family.id(), sigma, seed, k + 1, s.steps, loss, solve[0].iterations()));
            }
        }
        int n = losses.size();
        int w = Math.max(1, s.steps / 10);
        double initial = n == 0 ? Double.NaN : mean(losses.subList(0, Math.min(w, n)));
        double fin = n == 0 ? Double.NaN : mean(losses.subList(Math.max(0, n - w), n));
        double acc = failure == null ? accuracy(ad, model, theta, data.test) : Double.NaN;
        boolean stable = failure == null && fin < initial;
        String outcome = failure != null ? failure
                : stable ? "stable" : String.format(Locale.ROOT, "loss did not fall (%.4f -> %.4f)", initial, fin);
        return new StudyRun(family.id(), sigma, seed, stable, outcome, n, initial, fin, acc,
                n == 0 ? Double.NaN : iterSum / n, n == 0 ? Double.NaN : maxResidual);
    }

    /** Fraction of the test examples whose argmax logit is the label; NaN when the solver fails on them. */
    private static double accuracy(AD ad, DeqClassifier model, Map<String, Var> theta, Dataset test) {
        Ops o = ad.ops();
        TensorService ts = o.tensors();
        long correct = 0;
        try {
            for (int from = 0; from < test.size(); from += EVAL_CHUNK) {
                Dataset part = test.rows(ts, from, Math.min(test.size(), from + EVAL_CHUNK), "");
                Tensor logits = model.logits(ad, theta, o.constant(part.x())).value().value();
                long[] pred = ts.toLongArray(ts.argmax(logits, 1, false));
                long[] y = ts.toLongArray(part.y());
                for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) correct++;
            }
        } catch (ArithmeticException e) {
            return Double.NaN;
        }
        return (double) correct / test.size();
    }

    private Result result(Settings s, List<StudyTable.Row> rows, List<StudyRun> runs, int resumed, Data data, double seconds, RunDirectory dir) {
        List<Map<String, Object>> table = new ArrayList<>();
        for (StudyTable.Row r : rows) table.add(r.json());
        List<Map<String, Object>> perRun = new ArrayList<>();
        for (StudyRun r : runs) perRun.add(r.json());
        Map<String, Double> maxStable = StudyTable.maxStableSigma(rows);
        Result.Builder b = Result.builder()
                .put("table", table)
                .put("runs", perRun)
                .put("max_stable_sigma", maxStable)
                .put("dataset", s.dataset)
                .put("train_examples", data.train.size())
                .put("test_examples", data.test.size())
                .put("width", s.width)
                .put("steps", s.steps)
                .put("solver", s.solver.method().id())
                .put("resumed_runs", resumed)
                .put("seconds", Math.round(seconds * 1000) / 1000.0);
        b.summary(String.format(Locale.ROOT, "DEQ width %d on %s (%d train / %d test), %d steps of %s per run, %d runs%s in %.1f s",
                s.width, s.dataset, data.train.size(), data.test.size(), s.steps, s.optimizer, runs.size(),
                resumed > 0 ? " (" + resumed + " from the checkpoint)" : "", seconds));
        for (StudyTable.Row r : rows) {
            b.summary(String.format(Locale.ROOT, "%-10s sigma=%-5g stable %d/%d  accuracy %s", r.family(), r.sigma(),
                    Math.round(r.stableFraction() * r.seeds()), r.seeds(), Double.isFinite(r.accuracy()) ? String.format(Locale.ROOT, "%.3f", r.accuracy()) : "-"));
        }
        for (InitFamily f : s.families) {
            Double m = maxStable.get(f.id());
            b.summary(f.id() + ": " + (m == null ? "no sigma trained stably for every seed" : "every seed stable up to sigma = " + m));
        }
        b.summary("init_study.csv, runs.csv, init_study.png and checkpoint.bin in " + (dir == null ? "(no run directory)" : dir.path()));
        return b.build();
    }

    /** The training and test subsets, flattened to (n, features) float64 and standardised, labels INT64. */
    private record Data(Dataset train, Dataset test, int inputs, int classes) { }

    private Data load(TensorService ts, Settings s) {
        Dataset.Split split;
        try {
            split = Datasets.loadSplit(datasets, ts, s.dataset, RandomKey.of(s.seed), DType.FLOAT64, 0.2);
        } catch (BadInputException e) {
            throw e;
        } catch (java.io.UncheckedIOException e) {
            throw new BadInputException("parameter 'dataset' = '" + s.dataset + "': " + e.getMessage() + "; check that the files are readable", e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("parameter 'dataset' = '" + s.dataset + "': " + e.getMessage(), e);
        }
        if (!split.train().isClassification()) {
            throw BadInputException.forParam("dataset", s.dataset, "is a regression dataset", "use a classification dataset such as fashion-mnist");
        }
        Dataset train = subset(ts, split.train(), s.trainExamples, "train_examples");
        Dataset test = subset(ts, split.test(), s.testExamples, "test_examples");
        // one mean and one standard deviation over every feature of the training subset, applied to both subsets
        double[] x = ts.toDoubleArray(train.x());
        double mean = 0, sq = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        for (double v : x) sq += (v - mean) * (v - mean);
        double std = Math.sqrt(sq / x.length);
        if (!(std > 0)) throw BadInputException.forParam("dataset", s.dataset, "has constant features", "use a dataset whose inputs vary");
        train = standardise(ts, train, mean, std);
        test = standardise(ts, test, mean, std);
        if (s.batch > train.size()) {
            throw BadInputException.forParam("batch", s.batch, "exceeds the " + train.size() + " training examples", "use batch <= " + train.size());
        }
        return new Data(train, test, train.x().dim(1), train.numClasses());
    }

    private static Dataset subset(TensorService ts, Dataset d, int n, String param) {
        if (n > d.size()) {
            throw BadInputException.forParam(param, n, "exceeds the " + d.size() + " examples of the dataset", "use " + param + " <= " + d.size());
        }
        Dataset part = d.rows(ts, 0, n, "");
        if (part.x().rank() == 2) return part;
        int features = (int) (part.x().shape().size() / n);
        return new Dataset(ts.reshape(part.x(), n, features), part.y(), part.numClasses(), part.name());
    }

    private static Dataset standardise(TensorService ts, Dataset d, double mean, double std) {
        Tensor x = ts.div(ts.sub(d.x(), ts.scalar(DType.FLOAT64, mean)), ts.scalar(DType.FLOAT64, std));
        return new Dataset(x, d.y(), d.numClasses(), d.name());
    }

    private static List<String> ids(List<InitFamily> fs) { return fs.stream().map(InitFamily::id).toList(); }

    private static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) s += x;
        return s / xs.size();
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.3g", v); }

    /** Validated, typed parameters. */
    private record Settings(String dataset, List<InitFamily> families, List<Double> sigmas, int seeds, int seed, int steps, int batch,
                            int width, double inputScale, int trainExamples, int testExamples, String optimizer, double lr, FixedPointSolver solver,
                            boolean resume) {
        static Settings of(Params p) {
            String fam = p.getString("families");
            LinkedHashSet<InitFamily> families = new LinkedHashSet<>();
            for (String part : fam.split(",")) {
                if (part.isBlank()) continue;
                try {
                    families.add(InitFamily.of(part));
                } catch (IllegalArgumentException e) {
                    throw BadInputException.forParam("families", fam, "names the unknown family '" + part.trim() + "'",
                            "use a comma-separated subset of " + String.join(", ", InitFamily.ids()));
                }
            }
            if (families.isEmpty()) {
                throw BadInputException.forParam("families", fam, "names no family", "use a comma-separated subset of " + String.join(", ", InitFamily.ids()));
            }
            List<Double> sigmas = List.copyOf(new LinkedHashSet<>(p.getDoubleList("sigmas")));
            if (sigmas.isEmpty()) throw BadInputException.forParam("sigmas", "", "is empty", "give at least one scale, e.g. sigmas=0.5,1,2");
            String dataset = p.getString("dataset").trim();
            if (dataset.isEmpty()) throw BadInputException.forParam("dataset", dataset, "is empty", "use e.g. dataset=fashion-mnist");
            FixedPointSolver solver = new FixedPointSolver(FixedPointSolver.Method.valueOf(p.getString("solver").toUpperCase(Locale.ROOT)),
                    p.getDouble("tol"), p.getInt("max_iter"), p.getString("solver").equals("anderson") ? 5 : 30, 1.0);
            return new Settings(dataset, List.copyOf(families), sigmas, p.getInt("seeds"), p.getInt("seed"), p.getInt("steps"),
                    p.getInt("batch"), p.getInt("width"), p.getDouble("input_scale"), p.getInt("train_examples"), p.getInt("test_examples"), p.getString("optimizer"),
                    p.getDouble("lr"), solver, p.getBoolean("resume"));
        }
    }
}
