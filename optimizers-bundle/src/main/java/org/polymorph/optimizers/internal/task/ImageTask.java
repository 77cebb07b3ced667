package org.polymorph.optimizers.internal.task;

import java.util.Collections;
import java.util.function.Function;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.data.Batches;
import org.polymorph.autodiff.data.Dataset;
import org.polymorph.autodiff.nn.Context;
import org.polymorph.autodiff.nn.Layer;
import org.polymorph.autodiff.nn.Losses;
import org.polymorph.autodiff.nn.Sequential;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Image classification with a network of stateless layers: loss = mean softmax cross-entropy of
 * the logits on a batch's INT64 labels. Parameters float64 (the Sequential's pytree); batches are
 * {@link Dataset.Batch}es of float64 features shaped {@code [batch, example...]}: batch k is batch
 * {@code k mod B} of epoch {@code k div B} ({@code B = floor(n / batch)}, the remainder dropped),
 * the epoch's order the permutation drawn from {@code key.foldIn(epoch)}. The training data are
 * loaded on first use and kept.
 */
final class ImageTask implements OptimizationTask {
    private final String name;
    private final String family;
    private final String description;
    private final Sequential net;
    private final int[] example;
    private final int batch;
    private final long parameterCount;
    private final Function<TensorService, Dataset> data;
    private volatile Dataset loaded;

    /**
     * @param example  the shape of one example as the network takes it, e.g. {64} or {8, 8, 1}
     * @param data     the training data (features [n, prod(example)] or [n, example...]), loaded once
     */
    ImageTask(String name, String family, String description, Sequential net, int[] example, int batch, long parameterCount,
              Function<TensorService, Dataset> data) {
        this.name = name;
        this.family = family;
        this.description = description;
        this.net = net;
        this.example = example.clone();
        this.batch = batch;
        this.parameterCount = parameterCount;
        this.data = data;
    }

    @Override public String name() { return name; }

    @Override public String family() { return family; }

    @Override public String description() { return description; }

    @Override public long parameterCount() { return parameterCount; }

    @Override
    public Object init(Ops ops, RandomKey key) {
        return net.init(ops, key, Shape.of(withBatch(1)), DType.FLOAT64).params();
    }

    @Override
    public Var loss(Ops ops, Object params, Object b) {
        if (!(b instanceof Dataset.Batch db)) {
            throw new IllegalArgumentException("task " + name + ": a batch is a Dataset.Batch from batches(), got " + b);
        }
        Var x = ops.constant(db.x());
        if (x.rank() != example.length + 1) x = ops.reshape(x, withBatch(x.dim(0)));
        Object state = Collections.nCopies(net.layers().size(), Layer.noState());
        Var logits = net.apply(params, state, x, Context.eval()).y();
        return Losses.softmaxCrossEntropy(logits, ops.constant(db.y()));
    }

    @Override
    public BatchStream batches(TensorService ts, RandomKey key) {
        Dataset train = dataset(ts);
        int perEpoch = train.size() / batch;
        if (perEpoch < 1) {
            throw new IllegalStateException("task " + name + ": " + train.size() + " training examples do not fill one batch of " + batch);
        }
        return new BatchStream() {
            private long epoch = -1;
            private Batches order;

            @Override
            public synchronized Object batch(long step) {
                if (step < 0) throw new IllegalArgumentException("task " + name + ": step " + step + " < 0");
                long e = step / perEpoch;
                if (e != epoch) {
                    order = train.batches(ts, key.foldIn(e), batch, true);
                    epoch = e;
                }
                Dataset.Batch b = order.get((int) (step % perEpoch));
                Tensor x = b.x().dtype() == DType.FLOAT64 ? b.x() : ts.cast(b.x(), DType.FLOAT64);
                return new Dataset.Batch(x, b.y());
            }
        };
    }

    private Dataset dataset(TensorService ts) {
        Dataset d = loaded;
        if (d == null) {
            synchronized (this) {
                if (loaded == null) loaded = data.apply(ts);
                d = loaded;
            }
        }
        return d;
    }

    private int[] withBatch(int n) {
        int[] s = new int[example.length + 1];
        s[0] = n;
        System.arraycopy(example, 0, s, 1, example.length);
        return s;
    }

    @Override public String toString() { return name; }

    /** Σ (in · out + out) over the dense layers {@code widths[0] → widths[1] → ...}. */
    static long denseParameters(int... widths) {
        long n = 0;
        for (int i = 1; i < widths.length; i++) n += (long) widths[i - 1] * widths[i] + widths[i];
        return n;
    }
}
