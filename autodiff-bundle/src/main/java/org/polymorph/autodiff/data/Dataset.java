package org.polymorph.autodiff.data;

import java.util.Objects;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * A supervised dataset held in memory: example {@code i} is row {@code i} of {@code x} and of
 * {@code y}. Immutable; the helpers return new datasets and never touch the inputs.
 *
 * @param x features, FLOAT32 or FLOAT64, {@code [n, ...]}: e.g. {@code [n, 784]} (MNIST),
 *     {@code [n, 32, 32, 3]} NHWC (CIFAR-10) or {@code [n, d]}
 * @param y INT64 class labels {@code [n]} in {@code [0, numClasses)} when {@code numClasses > 0};
 *     float regression targets {@code [n, k]} when {@code numClasses == 0}
 * @param numClasses number of classes, or 0 for regression
 * @param name short description, e.g. {@code mnist-train} or {@code spirals}
 */
public record Dataset(Tensor x, Tensor y, int numClasses, String name) {

    /** One minibatch: {@code x} and {@code y} rows in shuffled order. */
    public record Batch(Tensor x, Tensor y) {}

    /** A partition into training and held-out examples. */
    public record Split(Dataset train, Dataset test) {}

    public Dataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(name, "name");
        String what = "dataset '" + name + "': ";
        if (x.rank() < 2 || !x.dtype().isFloating()) {
            throw new IllegalArgumentException(what + "x has dtype " + x.dtype() + " and shape " + x.shape()
                    + "; features must be float32 or float64 with shape [n, ...] (rank >= 2)");
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException(what + "numClasses is " + numClasses + "; use > 0 for classification or 0 for regression");
        }
        if (numClasses > 0 && (y.dtype() != DType.INT64 || y.rank() != 1)) {
            throw new IllegalArgumentException(what + "classification labels have dtype " + y.dtype() + " and shape "
                    + y.shape() + "; they must be INT64 [n] (cast them, or pass numClasses 0 for regression)");
        }
        if (numClasses == 0 && (!y.dtype().isFloating() || y.rank() != 2)) {
            throw new IllegalArgumentException(what + "regression targets have dtype " + y.dtype() + " and shape "
                    + y.shape() + "; they must be float [n, k] (reshape [n] to [n, 1])");
        }
        if (x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException(what + "x has " + x.dim(0) + " rows (shape " + x.shape() + ") but y has "
                    + y.dim(0) + " (shape " + y.shape() + "); features and labels must have the same leading length");
        }
    }

    /** Number of examples {@code n}. */
    public int size() { return x.dim(0); }

    /** True for classification (INT64 labels), false for regression. */
    public boolean isClassification() { return numClasses > 0; }

    /** The shape of one example, {@code x.shape()} without the leading axis. */
    public int[] exampleShape() {
        int[] s = x.shape().toArray();
        return java.util.Arrays.copyOfRange(s, 1, s.length);
    }

    /** Rows {@code [from, to)} in order, named {@code name + suffix}. */
    public Dataset rows(TensorService ts, int from, int to, String suffix) {
        if (from < 0 || to > size() || from > to) {
            throw new IllegalArgumentException("dataset '" + name + "': rows [" + from + ", " + to
                    + ") are out of range for " + size() + " examples; use 0 <= from <= to <= " + size());
        }
        return new Dataset(sliceRows(ts, x, from, to), sliceRows(ts, y, from, to), numClasses, name + suffix);
    }

    /** The examples at {@code indices} (gathered with {@link TensorService#take}), in that order. */
    public Dataset subset(TensorService ts, int[] indices, String suffix) {
        Tensor idx = ts.fromArray(indices, indices.length);
        return new Dataset(ts.take(x, idx, 0), ts.take(y, idx, 0), numClasses, name + suffix);
    }

    /** The dataset in the order of a random permutation drawn from {@code key}. */
    public Dataset shuffle(TensorService ts, RandomKey key) {
        return subset(ts, Batches.permutation(key, size()), "");
    }

    /**
     * Deterministic split without shuffling: the last {@code round(n * testFraction)} examples
     * are the test set. Shuffle first if the order is not random; the synthetic datasets
     * interleave classes, so any contiguous block is class balanced.
     */
    public Split split(TensorService ts, double testFraction) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("dataset '" + name + "': testFraction is " + testFraction
                    + "; it must lie strictly between 0 and 1, e.g. 0.2");
        }
        int nTest = (int) Math.round(size() * testFraction);
        if (nTest == 0 || nTest == size()) {
            throw new IllegalArgumentException("dataset '" + name + "': testFraction " + testFraction + " of " + size()
                    + " examples leaves " + nTest + " test and " + (size() - nTest)
                    + " training examples; both must be non-empty: use more examples or a different fraction");
        }
        int cut = size() - nTest;
        return new Split(rows(ts, 0, cut, "-train"), rows(ts, cut, size(), "-test"));
    }

    /**
     * Shuffled minibatches of one epoch, in the order of a permutation drawn from {@code key};
     * use {@code key.foldIn(epoch)} for a new order each epoch. With {@code dropLast} a final
     * batch smaller than {@code batchSize} is left out.
     */
    public Batches batches(TensorService ts, RandomKey key, int batchSize, boolean dropLast) {
        return new Batches(ts, this, Batches.permutation(key, size()), batchSize, dropLast);
    }

    private static Tensor sliceRows(TensorService ts, Tensor t, int from, int to) {
        int r = t.rank();
        int[] start = new int[r], stop = t.shape().toArray(), step = new int[r];
        java.util.Arrays.fill(step, 1);
        start[0] = from;
        stop[0] = to;
        return ts.slice(t, start, stop, step);
    }
}
