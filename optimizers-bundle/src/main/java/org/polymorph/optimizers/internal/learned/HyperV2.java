package org.polymorph.optimizers.internal.learned;

import java.util.Map;
import java.util.TreeMap;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.learned.LearnedOptimizer;

/**
 * The VeLO-style hierarchical learned optimizer {@code hyper_v2} (Metz et al., "VeLO", arXiv
 * 2211.09760 §3; learned_optimization research/general_lopt/hyper_v2.py) at small scale: a
 * per-tensor LSTM ({@link HyperV2Lstm}) over tensor-level features ({@link HyperV2TensorFeatures}) gives each
 * tensor mixing weights over a bank of K per-parameter MLP weight sets and a step-size multiplier; the
 * mixed MLP ({@link HyperV2Mlp}) gives each parameter's update.
 *
 * <p>θ, by name (H = lstm_hidden_size, F = {@link HyperV2TensorFeatures#COUNT}, K = param_inits, h_l the MLP widths):
 * {@code lstm/init_h, lstm/init_c [H]}, {@code mix/w [F, H], mix/b [H]}, {@code in/w [F, H], in/b [H]},
 * {@code lstm/w [2H, 4H], lstm/b [4H]}, {@code controls/w [H, K], controls/b [K]},
 * {@code step/w [H, 1], step/b [1]}, and per MLP layer l {@code ff/w<l> [K, h_l, h_l+1], ff/b<l> [K, h_l+1]}.
 * Weights are drawn as Haiku's {@code hk.Linear} draws them ({@link HaikuInit}, per bank member for the
 * MLP), biases and the LSTM's initial state are 0, except the controls: hyper_v2 declares its
 * controls layer with zero weights (its {@code rnn_to_controls}, though the layer it applies is drawn like
 * the others), and drawn controls make the mixed weights 100 · mean_k(c_k W_k) so large that the untrained
 * optimizer diverges. Here {@code controls/w} is 0 and {@code controls/b} is sqrt(K)/100, so that each
 * tensor's MLP starts as (1/sqrt(K)) Σ_k W_k, with the variance of one drawn set, the same for every tensor.
 */
final class HyperV2 implements LearnedOptimizer {
    static final String INIT_H = "lstm/init_h";
    static final String INIT_C = "lstm/init_c";
    static final String MIX_W = "mix/w";
    static final String MIX_B = "mix/b";
    static final String IN_W = "in/w";
    static final String IN_B = "in/b";
    static final String LSTM_W = "lstm/w";
    static final String LSTM_B = "lstm/b";
    static final String CONTROLS_W = "controls/w";
    static final String CONTROLS_B = "controls/b";
    static final String STEP_W = "step/w";
    static final String STEP_B = "step/b";

    private final HyperV2Config config;

    HyperV2(HyperV2Config config) { this.config = config; }

    static String ffW(int layer) { return "ff/w" + layer; }

    static String ffB(int layer) { return "ff/b" + layer; }

    @Override public String architecture() { return HyperV2Config.NAME; }

    @Override public Map<String, Object> config() { return config.asMap(); }

    HyperV2Config settings() { return config; }

    /**
     * The per-parameter MLP's layout: {@link MlpLOpt#FEATURES} plus {@link HyperV2Mlp#RMS_COLUMNS} with rms_features,
     * ff_hidden_size per hidden layer, 2 outputs.
     */
    PerParameterMlp mlp() {
        int[] w = new int[config.ffHiddenLayers() + 2];
        java.util.Arrays.fill(w, config.ffHiddenSize());
        w[0] = MlpLOpt.FEATURES + (config.rmsFeatures() ? HyperV2Mlp.RMS_COLUMNS : 0);
        w[w.length - 1] = HyperV2Mlp.OUTPUTS;
        return new PerParameterMlp(w);
    }

    /** Every θ leaf's shape, by name, in the order of {@link #initMetaParams}. */
    Map<String, Shape> shapes() {
        int h = config.lstmHiddenSize();
        int f = HyperV2TensorFeatures.COUNT;
        int k = config.paramInits();
        Map<String, Shape> s = new TreeMap<>();
        s.put(INIT_H, Shape.of(h));
        s.put(INIT_C, Shape.of(h));
        s.put(MIX_W, Shape.of(f, h));
        s.put(MIX_B, Shape.of(h));
        s.put(IN_W, Shape.of(f, h));
        s.put(IN_B, Shape.of(h));
        s.put(LSTM_W, Shape.of(2 * h, 4 * h));
        s.put(LSTM_B, Shape.of(4 * h));
        s.put(CONTROLS_W, Shape.of(h, k));
        s.put(CONTROLS_B, Shape.of(k));
        s.put(STEP_W, Shape.of(h, 1));
        s.put(STEP_B, Shape.of(1));
        int[] w = mlp().widths();
        for (int l = 0; l + 1 < w.length; l++) {
            s.put(ffW(l), Shape.of(k, w[l], w[l + 1]));
            s.put(ffB(l), Shape.of(k, w[l + 1]));
        }
        return s;
    }

    @Override
    public Object initMetaParams(Ops ops, RandomKey key) {
        Map<String, Var> theta = new TreeMap<>();
        int i = 0;
        for (Map.Entry<String, Shape> e : shapes().entrySet()) {
            RandomKey k = key.foldIn(i++);
            int[] shape = e.getValue().toArray();
            Tensor t;
            if (e.getKey().equals(CONTROLS_B)) {
                t = ops.tensors().full(DType.FLOAT64, Math.sqrt(config.paramInits()) / 100, shape);
            } else if (!isWeight(e.getKey()) || e.getKey().equals(CONTROLS_W)) {
                t = ops.tensors().zeros(DType.FLOAT64, shape);
            } else if (shape.length == 2) {
                t = HaikuInit.TRUNCATED_FAN_IN.apply(ops.tensors(), k, DType.FLOAT64, shape);
            } else {
                Tensor[] members = new Tensor[shape[0]];
                for (int m = 0; m < members.length; m++) {
                    members[m] = HaikuInit.TRUNCATED_FAN_IN.apply(ops.tensors(), k.foldIn(m), DType.FLOAT64, shape[1], shape[2]);
                }
                t = ops.tensors().stack(0, members);
            }
            theta.put(e.getKey(), ops.constant(t));
        }
        if (config.startLr() > 0) adamStart(ops, theta);
        return theta;
    }

    /** The per-parameter input m_0.9·rsqrt(rms + 10⁻⁶) ({@link HyperV2Mlp}: after g, p and the momenta; 0.9 is the third decay). */
    static final int ADAM_COLUMN = 2 + HyperV2Accumulators.MOMENTA + 2;

    /**
     * start_lr's θ: per-tensor normalised Adam (no bias correction) at rate start_lr, {@link #passThrough} of input
     * {@link #ADAM_COLUMN} with step multiplier start_lr / step_mult: the update is −start_lr·x / sqrt(1e-5 + mean(x²))
     * per tensor, x = m_0.9·rsqrt(rms + 10⁻⁶) [· rms(p) with param_scale_mult]. The LSTM's drawn weights are kept, so
     * meta-training can make the step and the mixing depend on the tensor features (training progress, loss averages).
     */
    private void adamStart(Ops ops, Map<String, Var> theta) {
        passThrough(ops, theta, ADAM_COLUMN, config.startLr() / config.stepMult());
    }

    /**
     * Sets θ so that every tensor's update is −step·step_mult·x̂ [· rms(p)], x̂ the MLP's normalised input {@code column}:
     * every bank member passes it through (hidden units 0 and 1 carry relu(x̂) and relu(−x̂), the direction is their
     * difference, the magnitude 0), the controls give each tensor that member whatever the LSTM says (controls/w 0,
     * controls/b 0.01: 100·mean_k(0.01·W) = W), and the step multiplier is {@code step} (step/w 0, step/b step).
     */
    void passThrough(Ops ops, Map<String, Var> theta, int column, double step) {
        int h = config.lstmHiddenSize();
        int k = config.paramInits();
        theta.put(CONTROLS_W, ops.constant(ops.tensors().zeros(DType.FLOAT64, h, k)));
        theta.put(CONTROLS_B, ops.constant(ops.tensors().full(DType.FLOAT64, 0.01, k)));
        theta.put(STEP_W, ops.constant(ops.tensors().zeros(DType.FLOAT64, h, 1)));
        theta.put(STEP_B, ops.constant(ops.tensors().full(DType.FLOAT64, step, 1)));
        int[] w = mlp().widths();
        for (int l = 0; l + 1 < w.length; l++) {
            double[] layer = new double[w[l] * w[l + 1]];
            if (l == 0) {
                layer[column * w[1]] = 1;              // x̂ -> unit 0
                layer[column * w[1] + 1] = -1;         // x̂ -> unit 1
            } else if (l + 2 < w.length) {
                layer[0] = 1;                          // unit 0 -> unit 0
                layer[w[l + 1] + 1] = 1;               // unit 1 -> unit 1
            } else {
                layer[0] = 1;                          // unit 0 -> direction
                layer[w[l + 1]] = -1;                  // unit 1 -> direction, with sign −
            }
            double[] bank = new double[k * layer.length];
            for (int m = 0; m < k; m++) System.arraycopy(layer, 0, bank, m * layer.length, layer.length);
            theta.put(ffW(l), ops.constant(ops.tensors().fromArray(bank, k, w[l], w[l + 1])));
            theta.put(ffB(l), ops.constant(ops.tensors().zeros(DType.FLOAT64, k, w[l + 1])));
        }
    }

    /** Weights are drawn; biases and the LSTM's initial state start at 0. */
    private static boolean isWeight(String name) {
        return name.substring(name.indexOf('/') + 1).startsWith("w");
    }

    @Override
    public Optimizer optimizer(Ops ops, Object theta, long numSteps) {
        return new HyperV2Optimizer(ops, this, LoptFeatures.theta(HyperV2Config.NAME, theta, shapes(), ops), numSteps);
    }

    @Override public String toString() { return HyperV2Config.NAME + config.asMap(); }
}
