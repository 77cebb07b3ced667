package org.polymorph.optimizers.internal.train;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.polymorph.core.report.Plot;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.data.Batches;
import org.polymorph.autodiff.data.Dataset;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.autodiff.nn.Losses;
import org.polymorph.core.method.BadInputException;
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
import org.polymorph.core.method.CancelledException;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerChoice;
import org.polymorph.optimizers.OptimizerConfig;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.Update;

/**
 * nn.train: trains a classifier (softmax cross-entropy) or, on regression data, a regressor
 * (mean squared error) with minibatch gradients from the autodiff engine and an optimizer of a
 * registered {@link OptimizerProvider} on a registered {@link DatasetProvider}'s data. Writes {@code curve.csv}, {@code curve.png} and the checkpoint {@value Checkpoint#FILE}
 * (every {@code checkpoint_every} steps and at the end) into the run directory; {@code resume=true}
 * continues from that checkpoint and reproduces an uninterrupted run exactly.
 *
 * <p>Randomness comes from {@code RandomKey.of(seed)}: {@code foldIn(0)} generates synthetic data,
 * {@code foldIn(1)} initialises the model, and the minibatch of step {@code k} (0-based) is batch
 * {@code k mod B} of epoch {@code e = k div B} ({@code B = floor(train size / batch)}, the last
 * partial batch of an epoch is dropped), whose order is the permutation drawn from
 * {@code foldIn(2).foldIn(e)}. So the batches depend only on (seed, step).
 *
 * <p>Cancellation ({@link Progress#cancelled()}) is checked before every step; a cancelled run writes
 * its checkpoint and curves and ends with a {@link CancelledException} that says how to resume.
 */
public final class TrainMethod implements Method {
    static final String ID = "nn.train";
    static final List<String> MODELS = List.of("mlp", "cnn");
    /** Largest number of training examples used to measure train accuracy (the first ones). */
    static final int TRAIN_EVAL_MAX = 10_000;
    private static final int EVAL_CHUNK = 2048;

    private final Provider<TensorService> tensors;
    private final Provider<AutodiffService> autodiff;
    private final ServiceCatalog<OptimizerProvider> optimizers;
    private final ServiceCatalog<DatasetProvider> datasets;

    @Inject
    public TrainMethod(Provider<TensorService> tensors, Provider<AutodiffService> autodiff,
                       ServiceCatalog<OptimizerProvider> optimizers, ServiceCatalog<DatasetProvider> datasets) {
        this.tensors = tensors;
        this.autodiff = autodiff;
        this.optimizers = optimizers;
        this.datasets = datasets;
    }

    @Override public String id() { return ID; }

    @Override public String description() {
        return "trains an MLP or CNN on a registered dataset (spirals, fashion-mnist, ...) with a registered optimizer (adam, ...); "
                + "final loss, train/test accuracy (fraction correct), seconds; curve.png, curve.csv, checkpoint.bin";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("dataset", "spirals", "dataset spec, one of " + String.join(" | ", Datasets.forms(datasets))),
                ParamSpec.text("data_dir", "", "directory of a file dataset's files (the same as dataset=<name>:<dir>)"),
                ParamSpec.choice("model", "mlp", MODELS, "model family"),
                ParamSpec.intList("hidden", List.of(64, 64), "", 1, 65_536, "widths of the hidden dense layers"),
                ParamSpec.intList("channels", List.of(16, 32), "", 1, 4096,
                        "cnn: filters of the 3x3 conv blocks (each followed by 2x2 max pooling)"),
                ParamSpec.choice("activation", "relu", NnModel.ACTIVATIONS, "activation of the hidden layers"),
                ParamSpec.choice("optimizer", "adam", OptimizerChoice.choices(optimizers),
                        "optimizer (the registered optimizer providers; learned:<file> for a learned optimizer)"),
                ParamSpec.real("lr", 0.01, "", 1e-9, 10, "peak learning rate"),
                ParamSpec.choice("schedule", "constant", OptimizerConfig.SCHEDULES,
                        "learning-rate schedule; cosine and warmup_cosine decay to 0 at the last step"),
                ParamSpec.integer("warmup_steps", 0, "steps", 0, 1_000_000_000, "linear warmup from 0 (must be < steps)"),
                ParamSpec.real("weight_decay", 1e-4, "", 0, 1, "decoupled weight decay (optimizer adamw only)"),
                ParamSpec.real("momentum", 0.9, "", 0.01, 0.999, "momentum (optimizers momentum and nesterov only)"),
                ParamSpec.integer("step_size", 0, "steps", 0, 1_000_000_000,
                        "schedule step: multiply lr by gamma every step_size steps (0: steps / 3)"),
                ParamSpec.real("gamma", 0.1, "", 1e-6, 1, "schedule step: factor per decay"),
                ParamSpec.integer("steps", 500, "steps", 1, 100_000_000, "optimizer steps in all (a resumed run counts the earlier ones)"),
                ParamSpec.integer("batch", 64, "", 1, 1 << 20, "minibatch size"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "seed of data generation, initialisation and batch order"),
                ParamSpec.choice("dtype", "float32", List.of("float32", "float64"), "dtype of features and parameters"),
                ParamSpec.integer("eval_every", 50, "steps", 1, 1_000_000_000, "measure train/test accuracy every this many steps (and at the end)"),
                ParamSpec.integer("checkpoint_every", 100, "steps", 1, 1_000_000_000, "write checkpoint.bin every this many steps (and at the end)"),
                ParamSpec.bool("resume", false, "continue from checkpoint.bin in the run directory (--out of the earlier run)"),
                ParamSpec.real("test_fraction", 0.2, "", 0.01, 0.9, "held-out fraction of synthetic datasets (mnist/cifar10 use their test files)"));
    }

    /**
     * Besides the core deny-list (steps, checkpoint_every, ...), eval_every may change on resume: it decides which rows of the
     * history carry accuracies, not the trajectory. steps may not change when the schedule depends on it (checked on resume).
     */
    @Override public Set<String> resumeMayChange() { return Set.of("eval_every"); }

    @Override
    public Result run(Params params, Progress progress, RunDirectory dir) throws Exception {
        long t0 = System.nanoTime();
        Settings s = Settings.of(params, this);
        TensorService ts = tensors.get();
        AD ad = autodiff.get().create(ts);
        Ops o = ad.ops();
        RandomKey root = RandomKey.of(s.seed);
        Optimizer opt = TrainOptimizer.build(o, s, this, optimizers);
        TrainData data = TrainData.of(datasets, s);

        progress.message("loading dataset " + data.spec());
        Dataset.Split split = data.load(ts, s, root.foldIn(0));
        progress.checkCancelled("loading dataset " + data.spec());
        Dataset train = split.train(), test = split.test();
        if (s.batch > train.size()) {
            throw BadInputException.forParam("batch", s.batch, "exceeds the " + train.size() + " training examples of dataset '"
                    + s.dataset + "'", "use batch <= " + train.size());
        }
        Model model = buildModel(o, s, data.provider(), train, root.foldIn(1));

        Object modelParams = model.init();
        OptState state = opt.init(modelParams);
        List<Row> history = new ArrayList<>();
        long start = 0;
        if (s.resume) {
            Checkpoint ck = loadCheckpoint(ts, dir, params, s);
            modelParams = restore(o, modelParams, ck.params(), "params");
            state = (OptState) restore(o, state, ck.state(), "optimizer state");
            history.addAll(ck.history());
            start = ck.step();
            if (state.step() != start) {
                throw new BadInputException("checkpoint " + dir.resolve(Checkpoint.FILE) + " is inconsistent: step " + start
                        + " but the optimizer state counts " + state.step() + " updates; start a fresh run with resume=false");
            }
            progress.message("resuming from step " + start + " of " + s.steps);
        }

        Trainer tr = new Trainer(ad, model, train, s, root.foldIn(2));
        for (long k = start; k < s.steps; k++) {
            if (progress.cancelled()) {
                // keep the work done so far, so that resume=true continues from here
                boolean interrupted = Thread.interrupted();   // cleared while the files are written (an interrupt closes channels)
                try {
                    if (dir != null && k > start) {
                        new Checkpoint(k, leaves(o, modelParams), leaves(o, state), history).write(ts, dir, this, params);
                        writeCurves(dir, history, train.isClassification());
                    }
                } finally {
                    if (interrupted) Thread.currentThread().interrupt();
                }
                throw new CancelledException("nn.train was cancelled after step " + k + " of " + s.steps
                        + (dir == null ? "" : "; " + Checkpoint.FILE + " in " + dir.path() + " holds it: continue with resume=true --out " + dir.path()));
            }
            Dataset.Batch b = tr.batch(k);
            Var xb = o.constant(b.x());
            Var yb = o.constant(tr.targets(b.y()));
            ValueAndGrad<Object> vg = ad.valueAndGrad(p -> tr.loss(p, xb, yb), modelParams);
            double loss = vg.value().item();
            long done = k + 1;
            if (!Double.isFinite(loss)) {
                history.add(new Row(done, loss, Double.NaN, Double.NaN));
                writeCurves(dir, history, train.isClassification());
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "the loss became %s at step %d of %d (optimizer %s, lr %g, dtype %s); lower lr, add warmup_steps or use dtype=float64",
                        loss, done, s.steps, s.optimizer, s.lr, s.dtype.id()));
            }
            Update u = opt.update(vg.grad(), state, modelParams);
            modelParams = opt.applyUpdates(modelParams, u.updates());
            state = u.state();
            double trainAcc = Double.NaN, testAcc = Double.NaN;
            if (train.isClassification() && (done % s.evalEvery == 0 || done == s.steps)) {
                trainAcc = tr.accuracy(modelParams, train, TRAIN_EVAL_MAX);
                testAcc = tr.accuracy(modelParams, test, Integer.MAX_VALUE);
            }
            history.add(new Row(done, loss, trainAcc, testAcc));
            if (dir != null && (done % s.checkpointEvery == 0 || done == s.steps)) {
                new Checkpoint(done, leaves(o, modelParams), leaves(o, state), history).write(ts, dir, this, params);
                writeCurves(dir, history, train.isClassification());
            }
            progress.update(done, s.steps, String.format(Locale.ROOT, "step %d/%d loss %.5g%s", done, s.steps, loss,
                    Double.isNaN(testAcc) ? "" : String.format(Locale.ROOT, " train_acc %.4f test_acc %.4f", trainAcc, testAcc)));
        }
        if (history.isEmpty()) {
            throw BadInputException.forParam("steps", s.steps, "nothing was trained", "give steps >= 1");
        }
        writeCurves(dir, history, train.isClassification());

        Row last = history.get(history.size() - 1);
        Row lastEval = null;
        for (int i = history.size() - 1; i >= 0 && lastEval == null; i--) if (history.get(i).evaluated()) lastEval = history.get(i);
        long count = 0;
        for (Var v : Trees.flatten(modelParams, o).leaves()) count += v.size();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Result.Builder r = Result.builder()
                .put("final_loss", last.loss())
                .put("train_accuracy", lastEval == null ? null : lastEval.trainAcc())
                .put("test_accuracy", lastEval == null ? null : lastEval.testAcc())
                .put("steps", last.step())
                .put("resumed_from", start)
                .put("seconds", Math.round(seconds * 1000) / 1000.0)
                .put("parameters", count)
                .put("dataset", s.dataset)
                .put("train_examples", train.size())
                .put("test_examples", test.size())
                .put("model", model.describe())
                .put("optimizer", s.optimizer)
                .put("schedule", s.schedule)
                .put("optimizer_config", opt.toString())
                .put("backend", ts.name());
        r.summary(String.format(Locale.ROOT, "%s on %s (%d train / %d test), %s, %d steps%s in %.2f s",
                model.describe(), s.dataset, train.size(), test.size(), s.optimizer, last.step(),
                start > 0 ? " (resumed at " + start + ")" : "", seconds));
        r.summary(String.format(Locale.ROOT, "final minibatch loss %.5g", last.loss())
                + (lastEval == null ? "" : String.format(Locale.ROOT, "; accuracy train %.4f, test %.4f",
                        lastEval.trainAcc(), lastEval.testAcc())));
        r.summary("curve.png, curve.csv and checkpoint.bin in " + (dir == null ? "(no run directory)" : dir.path()));
        return r.build();
    }

    /** Validated, typed parameters plus the checks that involve more than one of them. */
    record Settings(String dataset, String dataDir, String model, List<Integer> hidden, List<Integer> channels, String activation, String optimizer, double lr,
                    String schedule, int warmup, double weightDecay, double momentum, int stepSize, double gamma, int steps,
                    int batch, int seed, DType dtype, int evalEvery, int checkpointEvery, boolean resume, double testFraction) {

        static Settings of(Params p, Method m) {
            Settings s = new Settings(p.getString("dataset").trim(), p.getString("data_dir").trim(), p.getString("model"), p.getIntList("hidden"),
                    p.getIntList("channels"),
                    p.getString("activation"), p.getString("optimizer"), p.getDouble("lr"), p.getString("schedule"),
                    p.getInt("warmup_steps"), p.getDouble("weight_decay"), p.getDouble("momentum"), p.getInt("step_size"),
                    p.getDouble("gamma"), p.getInt("steps"), p.getInt("batch"), p.getInt("seed"),
                    DType.parse(p.getString("dtype")), p.getInt("eval_every"), p.getInt("checkpoint_every"),
                    p.getBoolean("resume"), p.getDouble("test_fraction"));
            s.check(m);
            return s;
        }

        private void check(Method m) {
            if (!model.equals("cnn") && !channels.equals(defaultOf(m, "channels"))) {
                throw BadInputException.forParam("channels", channels, "applies only to model cnn, not " + model,
                        "use model=cnn or leave channels out");
            }
            if (warmup >= steps) {
                throw BadInputException.forParam("warmup_steps", warmup, "not below steps = " + steps,
                        "use warmup_steps < steps (e.g. " + Math.max(0, steps / 10) + ")");
            }
            if (schedule.equals("warmup_cosine") && warmup < 1) {
                throw BadInputException.forParam("warmup_steps", warmup, "schedule warmup_cosine needs a warmup",
                        "give warmup_steps >= 1, or use schedule=cosine");
            }
            if (!schedule.equals("step") && (stepSize != 0 || gamma != number(m, "gamma"))) {
                String name = stepSize != 0 ? "step_size" : "gamma";
                throw BadInputException.forParam(name, stepSize != 0 ? stepSize : gamma, "applies only to schedule step, not " + schedule,
                        "use schedule=step or leave " + name + " out");
            }
            if (schedule.equals("step") && stepSize >= steps) {
                throw BadInputException.forParam("step_size", stepSize, "not below steps = " + steps, "use step_size < steps, or 0 for steps / 3");
            }
        }

        /** Whether the learning rate at a step depends on the total number of steps. */
        boolean scheduleDependsOnSteps() {
            return schedule.startsWith("cosine") || schedule.equals("warmup_cosine") || (schedule.equals("step") && stepSize == 0);
        }

        static Object defaultOf(Method m, String name) {
            for (ParamSpec p : m.params()) if (p.name().equals(name)) return p.defaultValue();
            throw new IllegalStateException("no parameter " + name);
        }

        private static double number(Method m, String name) { return ((Number) defaultOf(m, name)).doubleValue(); }
    }

    private static Model buildModel(Ops o, Settings s, DatasetProvider data, Dataset train, RandomKey key) {
        int outputs = train.isClassification() ? train.numClasses() : train.y().dim(1);
        int[] example = train.exampleShape();
        if (s.model.equals("mlp")) return NnModel.mlp(o, example, s.hidden, outputs, s.activation, s.dtype, key);
        int[] image = data.imageShape();
        if (example.length == 1 && image != null && image[0] * image[1] * image[2] == example[0]) return
                NnModel.cnn(o, image, s.channels, s.hidden, outputs, s.activation, s.dtype, key);   // flat rows of h*w*c pixels
        if (example.length != 3) {
            throw BadInputException.forParam("model", s.model, "dataset '" + s.dataset + "' has examples of shape "
                    + java.util.Arrays.toString(example) + ", not images [h, w, c]", "use model=mlp, or an image dataset for cnn");
        }
        return NnModel.cnn(o, example, s.channels, s.hidden, outputs, s.activation, s.dtype, key);
    }

    /** The checkpoint of the earlier run in {@code dir}; its parameters must satisfy the core resume rule. */
    private Checkpoint loadCheckpoint(TensorService ts, RunDirectory dir, Params params, Settings s) throws IOException {
        if (dir == null) throw BadInputException.forParam("resume", true, "there is no run directory", "run with --out DIR of the earlier run");
        org.polymorph.core.run.Checkpoint c = org.polymorph.core.run.Checkpoint.resume(dir, Checkpoint.FILE, this, params);
        Object then = c.params().get("steps");
        if (s.scheduleDependsOnSteps() && !(then instanceof Number n && n.longValue() == s.steps)) {
            throw BadInputException.forParam("steps", s.steps, "the " + s.schedule + " schedule depends on it and the checkpointed run had steps = " + then,
                    "resume with steps=" + then + ", or start a fresh run with resume=false");
        }
        Checkpoint ck;
        try {
            ck = Checkpoint.of(ts, c, dir.resolve(Checkpoint.FILE));
        } catch (IOException e) {
            throw new BadInputException("parameter 'resume' = 'true': " + e.getMessage() + "; start a fresh run with resume=false", e);
        }
        if (ck.step() > s.steps) {
            throw BadInputException.forParam("steps", s.steps, "below the " + ck.step() + " steps already in the checkpoint",
                    "use steps >= " + ck.step());
        }
        return ck;
    }

    /** The tree {@code like} with its leaves replaced by {@code saved}, checked leaf by leaf. */
    private static Object restore(Ops o, Object like, List<Tensor> saved, String what) {
        Trees.Flat flat = Trees.flatten(like, o);
        if (flat.leaves().size() != saved.size()) {
            throw new BadInputException("the checkpoint holds " + saved.size() + " " + what + " tensors but the model has "
                    + flat.leaves().size() + "; start a fresh run with resume=false");
        }
        List<Var> out = new ArrayList<>(saved.size());
        for (int i = 0; i < saved.size(); i++) {
            Var v = flat.leaves().get(i);
            Tensor t = saved.get(i);
            if (!v.shape().equals(t.shape()) || v.dtype() != t.dtype()) {
                throw new BadInputException("checkpoint " + what + " tensor " + i + " is " + t.dtype() + t.shape() + " but the model expects "
                        + v.dtype() + v.shape() + "; start a fresh run with resume=false");
            }
            out.add(o.constant(t));
        }
        return Trees.unflatten(flat.def(), out);
    }

    private static List<Tensor> leaves(Ops o, Object tree) {
        List<Tensor> out = new ArrayList<>();
        for (Var v : Trees.flatten(tree, o).leaves()) out.add(v.value());
        return out;
    }

    /** curve.csv and curve.png (loss and, for classification, accuracy vs step). */
    static void writeCurves(RunDirectory dir, List<Row> history, boolean classification) throws IOException {
        if (dir == null) return;
        StringBuilder csv = new StringBuilder("step,loss,train_acc,test_acc\n");
        for (Row r : history) {
            csv.append(r.step()).append(',').append(r.loss()).append(',').append(num(r.trainAcc())).append(',')
                    .append(num(r.testAcc())).append('\n');
        }
        dir.writeString("curve.csv", csv.toString());
        int n = history.size();
        double[] step = new double[n], loss = new double[n];
        List<Double> es = new ArrayList<>(), tra = new ArrayList<>(), tea = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Row r = history.get(i);
            step[i] = r.step();
            loss[i] = r.loss();
            if (r.evaluated()) { es.add((double) r.step()); tra.add(r.trainAcc()); tea.add(r.testAcc()); }
        }
        List<Plot.Panel> panels = new ArrayList<>();
        panels.add(new Plot.Panel("minibatch loss", "step", "loss").add("loss", step, loss));
        if (classification) {
            panels.add(new Plot.Panel("accuracy", "step", "fraction correct").yRange(0, 1)
                    .linePoints("train", unbox(es), unbox(tra))       // a marker where the accuracy was evaluated
                    .linePoints("test", unbox(es), unbox(tea)));
        }
        byte[] png = Plot.png(panels);
        dir.writeBytes("curve.png", png);
    }

    private static double[] unbox(List<Double> l) {
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) d[i] = l.get(i);
        return d;
    }

    private static String num(double v) { return Double.isNaN(v) ? "" : Double.toString(v); }

    /** Batches, targets, loss and accuracy of one run. */
    private static final class Trainer {
        private final AD ad;
        private final Ops o;
        private final TensorService ts;
        private final Model model;
        private final Dataset train;
        private final Settings s;
        private final RandomKey batchKey;
        private final int perEpoch;
        private long epoch = -1;
        private Batches batches;

        Trainer(AD ad, Model model, Dataset train, Settings s, RandomKey batchKey) {
            this.ad = ad;
            this.o = ad.ops();
            this.ts = o.tensors();
            this.model = model;
            this.train = train;
            this.s = s;
            this.batchKey = batchKey;
            this.perEpoch = train.size() / s.batch;
        }

        /** The minibatch of step k: batch k mod B of epoch k div B. */
        Dataset.Batch batch(long k) {
            long e = k / perEpoch;
            if (e != epoch) {
                batches = train.batches(ts, batchKey.foldIn(e), s.batch, true);
                epoch = e;
            }
            return batches.get((int) (k % perEpoch));
        }

        /** The INT64 labels (classification) or the float targets in the run's dtype (regression). */
        Tensor targets(Tensor y) {
            if (!train.isClassification()) return y.dtype() == s.dtype ? y : ts.cast(y, s.dtype);
            return y;
        }

        /** Mean softmax cross-entropy (Losses.softmaxCrossEntropy) or mean squared error (Losses.mse). */
        Var loss(Object params, Var x, Var target) {
            Var z = model.apply(params, x);
            return train.isClassification() ? Losses.softmaxCrossEntropy(z, target) : Losses.mse(z, target);
        }

        /** Fraction of the first {@code max} examples whose argmax output is the label. */
        double accuracy(Object params, Dataset d, int max) {
            int n = Math.min(d.size(), max);
            long correct = 0;
            for (int from = 0; from < n; from += EVAL_CHUNK) {
                int to = Math.min(n, from + EVAL_CHUNK);
                Dataset part = d.rows(ts, from, to, "");
                Var z = model.apply(params, o.constant(part.x()));
                long[] pred = ts.toLongArray(ts.argmax(z.value(), 1, false));
                long[] y = ts.toLongArray(part.y());
                for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) correct++;
            }
            return n == 0 ? Double.NaN : (double) correct / n;
        }
    }
}
