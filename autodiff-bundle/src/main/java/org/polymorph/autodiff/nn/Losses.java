package org.polymorph.autodiff.nn;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.TensorService;

/** Losses (scalar Vars, averaged over the batch) and metrics. */
public final class Losses {
    private Losses() { }

    /** mean((pred − target)²) over all elements; shapes must broadcast. */
    public static Var mse(Var pred, Var target) { return pred.sub(target).square().mean(); }

    /**
     * Softmax cross-entropy, mean over the leading axes: −Σ_c y_c·log softmax(logits)_c, with the
     * log-softmax stabilised by logsumexp. The gradient of the per-example loss with respect to the
     * logits is softmax(logits) − y.
     *
     * @param logits [..., classes], floating
     * @param labels class indices [...] (INT32/INT64), or probabilities [..., classes] (one-hot or soft)
     */
    public static Var softmaxCrossEntropy(Var logits, Var labels) {
        int classes = logits.dim(-1);
        Var y = labels.dtype().isInteger() ? oneHot(labels, classes, logits.dtype()) : labels;
        if (!y.shape().equals(logits.shape())) {
            throw new IllegalArgumentException("softmaxCrossEntropy: labels " + labels.shape() + " " + labels.dtype()
                    + " do not match logits " + logits.shape() + "; give class indices of shape logits[:-1] or probabilities of the logits' shape");
        }
        Var perExample = y.mul(Activations.logSoftmax(logits, -1)).sum(-1).neg();
        return perExample.mean();
    }

    /**
     * One-hot encoding [..., numClasses] of integer labels [...], in {@code dtype}. Built by comparing
     * with a constant range, so it needs no gather op; labels outside [0, numClasses) are rejected.
     */
    public static Var oneHot(Var labels, int numClasses, DType dtype) {
        if (!labels.dtype().isInteger()) throw new IllegalArgumentException("oneHot: labels must be INT32 or INT64, got " + labels.dtype());
        Checks.positive(numClasses, "numClasses", "oneHot");
        Ops o = labels.ops();
        TensorService ts = o.tensors();
        for (long id : ts.toLongArray(labels.value())) {
            if (id < 0 || id >= numClasses) {
                throw new IllegalArgumentException("oneHot: label " + id + " is outside [0, " + numClasses + ")");
            }
        }
        Var range = o.constant(ts.arange(labels.dtype(), 0, numClasses, 1));
        Var hit = o.binary(BinaryOp.EQ, o.expandDims(labels, -1), range);
        return o.cast(hit, dtype);
    }

    /**
     * Fraction of examples whose arg-max logit is the label (labels as in {@link #softmaxCrossEntropy};
     * for probabilities the arg-max of the labels). Not differentiable.
     */
    public static double accuracy(Var logits, Var labels) {
        Ops o = logits.ops();
        TensorService ts = o.tensors();
        long[] predicted = ts.toLongArray(o.argmax(logits, -1, false).value());
        long[] truth = labels.dtype().isInteger()
                ? ts.toLongArray(labels.value())
                : ts.toLongArray(o.argmax(labels, -1, false).value());
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException("accuracy: " + predicted.length + " predictions vs " + truth.length + " labels");
        }
        int hits = 0;
        for (int i = 0; i < truth.length; i++) if (predicted[i] == truth[i]) hits++;
        return predicted.length == 0 ? Double.NaN : (double) hits / predicted.length;
    }
}
