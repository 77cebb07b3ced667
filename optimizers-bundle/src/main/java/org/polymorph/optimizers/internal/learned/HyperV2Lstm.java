package org.polymorph.optimizers.internal.learned;

import java.util.Arrays;
import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.nn.Activations;
import org.polymorph.core.tensor.TensorService;

/**
 * hyper_v2's per-tensor network (learned_optimization research/general_lopt/hyper_v2.py,
 * {@code _rnn_forward}), run on all T tensors of the model at once, each tensor one LSTM sequence:
 * <pre>
 *   v     = max over tensors of relu(x W_mix + b_mix)             [H]  (information shared across tensors)
 *   z     = x W_in + b_in + v                                      [T, H]
 *   i, u, f, o = [z, h] W_lstm + b_lstm, split in four              [T, H] each
 *   c'    = sigmoid(f + 1) c + sigmoid(i) tanh(u),  h' = sigmoid(o) tanh(c')   (Haiku's LSTM, forget bias 1)
 *   controls = h' W_controls + b_controls                          [T, K]  mixing weights of the MLP bank
 *   step     = h' W_step + b_step                                   [T]     the tensor's step-size multiplier
 * </pre>
 * x [T, F] are the {@link HyperV2TensorFeatures}. As in hyper_v2 the controls and the step multiplier are
 * linear (no softmax, no exp). {@link #values} computes the same in plain arrays for the untraced path.
 */
final class HyperV2Lstm {
    /** controls [T, K], step [T], and the next LSTM state h, c [T, H]. */
    record Out(Var controls, Var step, Var hidden, Var cell) { }

    private HyperV2Lstm() { }

    static Out apply(Ops ops, Map<String, Var> theta, Var x, Var h, Var c) {
        int hs = h.dim(1);
        Var mixed = Activations.relu(dense(ops, x, theta.get(HyperV2.MIX_W), theta.get(HyperV2.MIX_B)));
        Var shared = ops.max(mixed, 0);
        Var z = dense(ops, x, theta.get(HyperV2.IN_W), theta.get(HyperV2.IN_B)).add(shared);
        Var gates = dense(ops, ops.concat(1, z, h), theta.get(HyperV2.LSTM_W), theta.get(HyperV2.LSTM_B));
        Var i = ops.sigmoid(ops.sliceAxis(gates, 1, 0, hs));
        Var u = ops.tanh(ops.sliceAxis(gates, 1, hs, 2 * hs));
        Var f = ops.sigmoid(ops.sliceAxis(gates, 1, 2 * hs, 3 * hs).add(1.0));
        Var o = ops.sigmoid(ops.sliceAxis(gates, 1, 3 * hs, 4 * hs));
        Var cell = f.mul(c).add(i.mul(u));
        Var hidden = o.mul(ops.tanh(cell));
        Var controls = dense(ops, hidden, theta.get(HyperV2.CONTROLS_W), theta.get(HyperV2.CONTROLS_B));
        Var step = dense(ops, hidden, theta.get(HyperV2.STEP_W), theta.get(HyperV2.STEP_B));
        return new Out(controls, ops.squeeze(step, 1), hidden, cell);
    }

    /** θ's weights of the network as plain row-major arrays (shapes as in {@link HyperV2}), read once per optimizer. */
    record Weights(double[] mixW, double[] mixB, double[] inW, double[] inB, double[] lstmW, double[] lstmB, double[] controlsW,
                   double[] controlsB, double[] stepW, double[] stepB) {
        static Weights of(TensorService ts, Map<String, Var> theta) {
            return new Weights(ts.toDoubleArray(theta.get(HyperV2.MIX_W).value()), ts.toDoubleArray(theta.get(HyperV2.MIX_B).value()),
                    ts.toDoubleArray(theta.get(HyperV2.IN_W).value()), ts.toDoubleArray(theta.get(HyperV2.IN_B).value()),
                    ts.toDoubleArray(theta.get(HyperV2.LSTM_W).value()), ts.toDoubleArray(theta.get(HyperV2.LSTM_B).value()),
                    ts.toDoubleArray(theta.get(HyperV2.CONTROLS_W).value()), ts.toDoubleArray(theta.get(HyperV2.CONTROLS_B).value()),
                    ts.toDoubleArray(theta.get(HyperV2.STEP_W).value()), ts.toDoubleArray(theta.get(HyperV2.STEP_B).value()));
        }

        int hidden() { return inB.length; }
    }

    /** {@link Out} as row-major arrays: controls [T, K], step [T], hidden and cell [T, H]. */
    record Values(double[] controls, double[] step, double[] hidden, double[] cell) { }

    /**
     * {@link #apply} in plain arrays, float64.
     *
     * @param x [T, F] the tensor features, h and c [T, H] the LSTM state, row-major
     */
    static Values values(Weights w, double[] x, int tensors, double[] h, double[] c) {
        int hs = w.hidden();
        int f = x.length / tensors;
        double[] mixed = dense(x, tensors, f, w.mixW(), w.mixB());
        double[] shared = new double[hs];
        Arrays.fill(shared, Double.NEGATIVE_INFINITY);
        for (int t = 0; t < tensors; t++) for (int j = 0; j < hs; j++) shared[j] = Math.max(shared[j], Math.max(mixed[t * hs + j], 0));
        double[] z = dense(x, tensors, f, w.inW(), w.inB());
        double[] zh = new double[tensors * 2 * hs];
        for (int t = 0; t < tensors; t++) {
            for (int j = 0; j < hs; j++) zh[t * 2 * hs + j] = z[t * hs + j] + shared[j];
            System.arraycopy(h, t * hs, zh, t * 2 * hs + hs, hs);
        }
        double[] gates = dense(zh, tensors, 2 * hs, w.lstmW(), w.lstmB());
        double[] cell = new double[tensors * hs];
        double[] hidden = new double[tensors * hs];
        for (int t = 0; t < tensors; t++) {
            for (int j = 0, g = t * 4 * hs; j < hs; j++) {
                double i = sigmoid(gates[g + j]);
                double u = Math.tanh(gates[g + hs + j]);
                double fg = sigmoid(gates[g + 2 * hs + j] + 1.0);
                double o = sigmoid(gates[g + 3 * hs + j]);
                cell[t * hs + j] = fg * c[t * hs + j] + i * u;
                hidden[t * hs + j] = o * Math.tanh(cell[t * hs + j]);
            }
        }
        return new Values(dense(hidden, tensors, hs, w.controlsW(), w.controlsB()), dense(hidden, tensors, hs, w.stepW(), w.stepB()),
                hidden, cell);
    }

    /** x w + b for x [N, in], w [in, out], b [out]. */
    private static Var dense(Ops ops, Var x, Var w, Var b) {
        return ops.matmul(x, w).add(b);
    }

    /** x w + b for row-major x [rows, in], w [in, out], b [out]. */
    private static double[] dense(double[] x, int rows, int in, double[] w, double[] b) {
        int out = b.length;
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            double[] acc = new double[out];
            for (int i = 0; i < in; i++) {
                double v = x[r * in + i];
                for (int j = 0; j < out; j++) acc[j] += v * w[i * out + j];
            }
            for (int j = 0; j < out; j++) y[r * out + j] = acc[j] + b[j];
        }
        return y;
    }

    private static double sigmoid(double x) { return 1.0 / (1.0 + Math.exp(-x)); }
}
