package org.polymorph.autodiff.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The minibatches of one epoch over a {@link Dataset}, in a fixed example order: batch {@code b}
 * holds the examples {@code order[b * batchSize ...]}, gathered with {@link TensorService#take}.
 * Batches are built on demand, so iterating twice gives equal batches. Obtain one with
 * {@link Dataset#batches}.
 */
public final class Batches implements Iterable<Dataset.Batch> {
    private final TensorService ts;
    private final Dataset data;
    private final int[] order;
    private final int batchSize;
    private final int count;

    Batches(TensorService ts, Dataset data, int[] order, int batchSize, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("dataset '" + data.name() + "': batchSize is " + batchSize + "; it must be >= 1");
        }
        if (dropLast && batchSize > order.length) {
            throw new IllegalArgumentException("dataset '" + data.name() + "': batchSize " + batchSize + " exceeds the "
                    + order.length + " examples, so dropLast leaves no batch; use a batchSize <= " + order.length);
        }
        this.ts = ts;
        this.data = data;
        this.order = order;
        this.batchSize = batchSize;
        this.count = dropLast ? order.length / batchSize : (order.length + batchSize - 1) / batchSize;
    }

    /**
     * A uniform random permutation of {@code 0..n-1} (Fisher-Yates; swap {@code i} with
     * {@code floor(u_i * (i + 1))}, {@code u_i = key.uniform(i)}), the same on every backend.
     */
    public static int[] permutation(RandomKey key, int n) {
        if (n < 0) throw new IllegalArgumentException("permutation length is " + n + "; it must be >= 0");
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) (key.uniform(i) * (i + 1));
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Number of batches in the epoch. */
    public int count() { return count; }

    public int batchSize() { return batchSize; }

    /** A copy of the example order of the epoch (all n examples, including any dropped tail). */
    public int[] order() { return order.clone(); }

    /** Batch {@code b}, {@code 0 <= b < count()}. */
    public Dataset.Batch get(int b) {
        if (b < 0 || b >= count) {
            throw new IndexOutOfBoundsException("batch " + b + " of dataset '" + data.name() + "' is out of range; there are "
                    + count + " batches of size " + batchSize);
        }
        int from = b * batchSize, to = Math.min(order.length, from + batchSize);
        Tensor idx = ts.fromArray(Arrays.copyOfRange(order, from, to), to - from);
        return new Dataset.Batch(ts.take(data.x(), idx, 0), ts.take(data.y(), idx, 0));
    }

    @Override
    public Iterator<Dataset.Batch> iterator() {
        return new Iterator<>() {
            private int next;

            @Override public boolean hasNext() { return next < count; }

            @Override public Dataset.Batch next() {
                if (!hasNext()) throw new NoSuchElementException("all " + count + " batches were returned");
                return get(next++);
            }
        };
    }
}
