package org.polymorph.optimizers.internal.learned;

import java.util.Map;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.nn.Activations;

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
 * linear (no softmax, no exp).
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

    /** x w + b for x [N, in], w [in, out], b [out]. */
    private static Var dense(Ops ops, Var x, Var w, Var b) {
        return ops.matmul(x, w).add(b);
    }
}
