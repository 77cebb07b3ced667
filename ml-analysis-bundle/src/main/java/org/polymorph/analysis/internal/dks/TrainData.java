package org.polymorph.analysis.internal.dks;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.data.Dataset;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.autodiff.data.Datasets;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The examples of a dks.train_deep run as flat float64 rows (n, d): centred by the training mean of each feature,
 * then each example scaled to q = ‖x‖²/d = 1 (DKS's per-example input normalisation), and INT64 labels.
 */
final class TrainData {
    private final double[][] trainX, testX;
    private final long[] trainY, testY;
    private final int classes;

    private TrainData(double[][] trainX, long[] trainY, double[][] testX, long[] testY, int classes) {
        this.trainX = trainX;
        this.trainY = trainY;
        this.testX = testX;
        this.testY = testY;
        this.classes = classes;
    }

    static TrainData load(ServiceCatalog<DatasetProvider> catalog, TensorService ts, String spec, int trainSize, int testSize) {
        Dataset.Split split;
        try {
            split = Datasets.loadSplit(catalog, ts, spec, RandomKey.of(0), DType.FLOAT64, 0.2);
        } catch (IllegalArgumentException e) {
            if (e instanceof BadInputException b) throw b;
            throw BadInputException.forParam("dataset", spec, e.getMessage(), "use one of " + String.join(" | ", Datasets.forms(catalog)));
        }
        if (!split.train().isClassification()) {
            throw BadInputException.forParam("dataset", spec, "not a classification dataset", "use a dataset with class labels, e.g. fashion-mnist");
        }
        double[][] tr = rows(ts, split.train(), trainSize), te = rows(ts, split.test(), testSize);
        int d = tr[0].length;
        double[] mean = new double[d];
        for (double[] r : tr) for (int j = 0; j < d; j++) mean[j] += r[j] / tr.length;
        normalise(tr, mean);
        normalise(te, mean);
        return new TrainData(tr, labels(ts, split.train(), tr.length), te, labels(ts, split.test(), te.length),
                split.train().numClasses());
    }

    private static double[][] rows(TensorService ts, Dataset set, int max) {
        int n = Math.min(max, set.size());
        double[] flat = ts.toDoubleArray(ts.cast(set.rows(ts, 0, n, "").x(), DType.FLOAT64));
        int d = flat.length / n;
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, out[i], 0, d);
        return out;
    }

    private static long[] labels(TensorService ts, Dataset set, int n) {
        return ts.toLongArray(set.rows(ts, 0, n, "").y());
    }

    private static void normalise(double[][] x, double[] mean) {
        for (double[] r : x) {
            double q = 0;
            for (int j = 0; j < r.length; j++) {
                r[j] -= mean[j];
                q += r[j] * r[j];
            }
            double s = q > 0 ? Math.sqrt(r.length / q) : 1.0;
            for (int j = 0; j < r.length; j++) r[j] *= s;
        }
    }

    int features() { return trainX[0].length; }

    int classes() { return classes; }

    int trainSize() { return trainX.length; }

    int testSize() { return testX.length; }

    /** Indices of the minibatch of step k: batch k mod B of epoch k div B, the epoch's permutation from key.foldIn(epoch). */
    int[] batch(RandomKey key, long k, int size) {
        int n = trainX.length, perEpoch = Math.max(1, n / size);
        if (size > n) throw BadInputException.forParam("batch", size, "exceeds the " + n + " training examples", "use batch <= " + n);
        long epoch = k / perEpoch;
        RandomKey e = key.foldIn(epoch);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {          // Fisher–Yates
            int j = (int) Math.floor(e.uniform(i) * (i + 1));
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        int[] idx = new int[size];
        System.arraycopy(perm, (int) (k % perEpoch) * size, idx, 0, size);
        return idx;
    }

    Tensor trainX(TensorService ts, int[] idx) { return matrix(ts, trainX, idx); }

    Tensor trainY(TensorService ts, int[] idx) {
        long[] y = new long[idx.length];
        for (int i = 0; i < idx.length; i++) y[i] = trainY[idx[i]];
        return ts.fromArray(y, idx.length);
    }

    /** Fraction of the first {@code max} train (or test) examples whose largest logit is the label. */
    double accuracy(Ops o, DeepMlp net, List<Var> params, boolean train, int max) {
        double[][] x = train ? trainX : testX;
        long[] y = train ? trainY : testY;
        int n = Math.min(max, x.length), correct = 0;
        for (int from = 0; from < n; from += 1000) {
            int to = Math.min(n, from + 1000);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) idx[i] = from + i;
            Var z = net.apply(o, params, o.constant(matrix(o.tensors(), x, idx)));
            long[] pred = o.tensors().toLongArray(o.tensors().argmax(z.value(), 1, false));
            for (int i = 0; i < idx.length; i++) if (pred[i] == y[from + i]) correct++;
        }
        return (double) correct / n;
    }

    private static Tensor matrix(TensorService ts, double[][] x, int[] idx) {
        int d = x[0].length;
        double[] flat = new double[idx.length * d];
        for (int i = 0; i < idx.length; i++) System.arraycopy(x[idx[i]], 0, flat, i * d, d);
        return ts.fromArray(flat, idx.length, d);
    }
}
