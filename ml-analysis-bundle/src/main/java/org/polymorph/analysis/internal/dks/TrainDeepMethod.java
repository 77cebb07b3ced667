package org.polymorph.analysis.internal.dks;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.analysis.dks.Activation;
import org.polymorph.analysis.dks.ActivationTransform;
import org.polymorph.analysis.dks.Subnetwork;
import org.polymorph.analysis.dks.TransformSolver;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.autodiff.nn.Losses;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;

/**
 * dks.train_deep: a deep fully connected network (no normalisation layers, no skips; orthogonal init) trained by
 * plain SGD on a classification dataset (Fashion-MNIST by default) with, in turn, the untransformed activation, its
 * DKS transform (ζ = c_slope_1 for a chain of {@code depth} layers), its TAT transform (τ = c_curve), and a shallow
 * network with the untransformed activation as baseline (DKS paper §"Experiments": deep vanilla nets become
 * trainable). Inputs are centred per pixel and scaled per example to q = ‖x‖²/d = 1. Writes curves.csv
 * (variant, step, minibatch loss, train/test accuracy) and curves.png; checkpoint.bin every checkpoint_every steps
 * and at the end of each variant; resume=true continues. The minibatch of step k is batch k mod B of the epoch
 * permutation drawn from the seed, the same for every variant.
 */
public final class TrainDeepMethod implements Method {
    static final List<String> VARIANTS = List.of("untransformed", "dks", "tat", "shallow");
    private static final String CHECKPOINT = "checkpoint.bin";
    private static final int TRAIN_EVAL = 2000;

    private final Provider<TensorService> tensors;
    private final Provider<AutodiffService> autodiff;
    private final ServiceCatalog<DatasetProvider> datasets;

    @Inject
    public TrainDeepMethod(Provider<TensorService> tensors, Provider<AutodiffService> autodiff,
                           ServiceCatalog<DatasetProvider> datasets) {
        this.tensors = tensors;
        this.autodiff = autodiff;
        this.datasets = datasets;
    }

    @Override public String id() { return "dks.train_deep"; }

    @Override public String description() {
        return "deep vanilla MLP (depth >= 50) with SGD: untransformed vs DKS/TAT-transformed activation vs a shallow net; "
                + "accuracy (fraction correct) per variant; curves.csv, curves.png";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("dataset", "fashion-mnist", "classification dataset spec (a registered dataset provider)"),
                ParamSpec.choice("activation", "softplus", List.of("tanh", "softplus", "sigmoid"), "activation of every hidden layer"),
                ParamSpec.integer("depth", 50, "layers", 1, 1000, "hidden (nonlinear) layers of the deep network"),
                ParamSpec.integer("width", 64, "units", 2, 4096, "units per hidden layer"),
                ParamSpec.integer("shallow_depth", 2, "layers", 1, 1000, "hidden layers of the shallow baseline"),
                ParamSpec.text("variants", String.join(",", VARIANTS), "which runs, comma-separated, of " + String.join(", ", VARIANTS)),
                ParamSpec.real("c_slope_1", 1.5, "", 1.0, 1e6, "DKS maximal C-map slope ζ of the deep chain"),
                ParamSpec.real("c_curve", 0.3, "", 0.0, 1e6, "TAT maximal C-map curvature τ of the deep chain"),
                ParamSpec.real("lr", 0.01, "", 1e-9, 100, "SGD learning rate (the same for every variant)"),
                ParamSpec.integer("steps", 150, "steps", 1, 10_000_000, "SGD steps per variant"),
                ParamSpec.integer("batch", 64, "", 1, 1 << 16, "minibatch size"),
                ParamSpec.integer("train_size", 10000, "examples", 10, 10_000_000, "training examples used (the first ones)"),
                ParamSpec.integer("test_size", 2000, "examples", 10, 10_000_000, "test examples used (the first ones)"),
                ParamSpec.integer("eval_every", 25, "steps", 1, 10_000_000, "measure train/test accuracy every this many steps"),
                ParamSpec.integer("seed", 0, "", 0, Integer.MAX_VALUE, "seed of initialisation and batch order"),
                ParamSpec.integer("checkpoint_every", 100, "steps", 1, 10_000_000, "write checkpoint.bin every this many steps"),
                ParamSpec.bool("resume", false, "continue from checkpoint.bin in the run directory (--out of the earlier run)"));
    }

    /** One history row; NaN accuracies where not evaluated. */
    record Row(int variant, long step, double loss, double trainAcc, double testAcc) { }

    /** Where a run is: the variant, the steps done in it, its parameters (null between variants) and the history. */
    private record State(int variant, long step, List<double[]> params, List<Row> history) { }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        List<String> variants = variants(p.getString("variants"));
        TensorService ts = tensors.get();
        AD ad = autodiff.get().create(ts);
        Ops o = ad.ops();
        progress.message("loading " + p.getString("dataset"));
        TrainData data = TrainData.load(datasets, ts, p.getString("dataset"), p.getInt("train_size"), p.getInt("test_size"));
        Activation act = Activation.parse("activation", p.getString("activation"));
        int depth = p.getInt("depth");
        Map<String, ActivationTransform> phis = new LinkedHashMap<>();
        for (String v : variants) phis.put(v, transform(v, act, depth, p));
        State st = p.getBoolean("resume") ? decode(Checkpoint.resume(dir, CHECKPOINT, this, p))
                : new State(0, 0, null, new ArrayList<>());
        List<Row> history = new ArrayList<>(st.history);
        RandomKey root = RandomKey.of(p.getInt("seed"));
        long steps = p.getInt("steps");
        for (int vi = st.variant; vi < variants.size(); vi++) {
            String v = variants.get(vi);
            DeepMlp net = new DeepMlp(data.features(), p.getInt("width"), v.equals("shallow") ? p.getInt("shallow_depth") : depth,
                    data.classes(), phis.get(v));
            List<Var> params = vi == st.variant && st.params != null ? constants(o, st.params, net.init(o, root.foldIn(1)))
                    : net.init(o, root.foldIn(1));
            long start = vi == st.variant ? st.step : 0;
            boolean diverged = false;
            for (long k = start; k < steps && !diverged; k++) {
                final int variant = vi;
                final long done = k;
                final List<Var> now = params;
                Checkpoint.writeIfCancelled(progress, v + " step " + k + " of " + steps,
                        () -> save(dir, p, new State(variant, done, tensorsOf(ts, now), history)));
                int[] idx = data.batch(root.foldIn(2), k, p.getInt("batch"));
                Var xb = o.constant(data.trainX(ts, idx));
                Var yb = o.constant(data.trainY(ts, idx));
                ValueAndGrad<List<Var>> vg = ad.valueAndGrad(q -> Losses.softmaxCrossEntropy(net.apply(o, q, xb), yb), params);
                double loss = vg.value().item();
                if (!Double.isFinite(loss)) {
                    history.add(new Row(vi, k + 1, loss, Double.NaN, Double.NaN));
                    diverged = true;
                    break;
                }
                List<Var> next = new ArrayList<>(params.size());
                for (int i = 0; i < params.size(); i++) {
                    next.add(o.constant(params.get(i).sub(vg.grad().get(i).mul(p.getDouble("lr"))).value()));
                }
                params = next;
                long n = k + 1;
                boolean eval = n % p.getInt("eval_every") == 0 || n == steps || n == 1;
                history.add(eval ? new Row(vi, n, loss, data.accuracy(o, net, params, true, TRAIN_EVAL),
                        data.accuracy(o, net, params, false, Integer.MAX_VALUE)) : new Row(vi, n, loss, Double.NaN, Double.NaN));
                if (n % p.getInt("checkpoint_every") == 0 && n < steps) {
                    save(dir, p, new State(vi, n, tensorsOf(ts, params), history));
                    DeepCurves.write(dir, variants, history);
                }
                progress.update(vi * steps + n, variants.size() * steps, String.format(Locale.ROOT, "%s step %d/%d loss %.4g", v, n, steps, loss));
            }
            save(dir, p, new State(vi + 1, 0, null, history));
            DeepCurves.write(dir, variants, history);
        }
        return DeepCurves.result(variants, phis, history, p, data);
    }

    private static List<String> variants(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            String v = s.trim();
            if (!VARIANTS.contains(v)) {
                throw BadInputException.forParam("variants", text, "'" + v + "' is not a variant", "use a comma-separated subset of " + String.join(",", VARIANTS));
            }
            if (!out.contains(v)) out.add(v);
        }
        return out;
    }

    /** The activation of a variant: φ itself, or its DKS/TAT transform for a chain of {@code depth} layers. */
    static ActivationTransform transform(String variant, Activation act, int depth, Params p) {
        switch (variant) {
            case "dks": return TransformSolver.dks(act, Subnetwork.chain(depth), p.getDouble("c_slope_1"), 1.0).transform();
            case "tat": return TransformSolver.tat(act, Subnetwork.chain(depth), 0.9, p.getDouble("c_curve")).transform();
            default: return ActivationTransform.identity(act);
        }
    }

    private static List<double[]> tensorsOf(TensorService ts, List<Var> params) {
        List<double[]> out = new ArrayList<>();
        for (Var v : params) out.add(ts.toDoubleArray(v.value()));
        return out;
    }

    private static List<Var> constants(Ops o, List<double[]> saved, List<Var> like) {
        if (saved.size() != like.size()) {
            throw BadInputException.forParam("resume", true, "the checkpoint holds " + saved.size() + " tensors, the network "
                    + like.size(), "start a fresh run with resume=false");
        }
        List<Var> out = new ArrayList<>();
        for (int i = 0; i < saved.size(); i++) {
            int[] shape = like.get(i).shape().toArray();
            out.add(o.constant(o.tensors().fromArray(saved.get(i), shape)));
        }
        return out;
    }

    private void save(RunDirectory dir, Params p, State s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(s.variant);
            out.writeLong(s.step);
            out.writeInt(s.params == null ? -1 : s.params.size());
            if (s.params != null) {
                for (double[] a : s.params) {
                    out.writeInt(a.length);
                    for (double d : a) out.writeDouble(d);
                }
            }
            out.writeInt(s.history.size());
            for (Row r : s.history) {
                out.writeInt(r.variant);
                out.writeLong(r.step);
                out.writeDouble(r.loss);
                out.writeDouble(r.trainAcc);
                out.writeDouble(r.testAcc);
            }
        }
        Checkpoint.write(dir, CHECKPOINT, this, p, 1, bytes.toByteArray());
    }

    private static State decode(Checkpoint c) throws IOException {
        try (DataInputStream in = c.payloadStream()) {
            int variant = in.readInt();
            long step = in.readLong();
            int n = in.readInt();
            List<double[]> params = null;
            if (n >= 0) {
                params = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    double[] a = new double[in.readInt()];
                    for (int j = 0; j < a.length; j++) a[j] = in.readDouble();
                    params.add(a);
                }
            }
            int rows = in.readInt();
            List<Row> history = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                history.add(new Row(in.readInt(), in.readLong(), in.readDouble(), in.readDouble(), in.readDouble()));
            }
            return new State(variant, step, params, history);
        }
    }
}
