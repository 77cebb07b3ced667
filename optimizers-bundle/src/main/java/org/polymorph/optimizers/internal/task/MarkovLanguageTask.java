package org.polymorph.optimizers.internal.task;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.nn.Losses;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Next-token prediction on text from a first-order Markov source with an Elman RNN (Elman 1990), a small
 * stand-in for learned_optimization's character-level RNN language-model tasks (tasks/fixed/rnn_lm.py), whose text
 * corpora are not available here.
 *
 * <p>Source: {@code vocab} tokens; row r of the transition matrix is {@code softmax(sharpness · g_r)} with
 * {@code g_r} standard normal from {@code RandomKey.of(sourceSeed)}, so each token has a few likely successors;
 * the first token of a sequence is uniform. Batch k: {@code batch} sequences of {@code length + 1} tokens, an INT64
 * Tensor {@code [batch, length + 1]} drawn with {@code key.foldIn(k)}.
 *
 * <p>Model (params a list [E, W_xh, W_hh, b_h, W_hy, b_y]): {@code x_t = E[token_t]} (E [vocab, embed]),
 * {@code h_t = tanh(x_t W_xh + h_{t-1} W_hh + b_h)} (h_0 = 0, hidden units), logits {@code h_t W_hy + b_y};
 * loss = mean over t and the batch of the softmax cross-entropy of token t+1 (nats). Weights N(0, 1/fan_in),
 * biases 0, E N(0, 1). Its expectation cannot go below {@link #minimumLoss()}.
 */
final class MarkovLanguageTask implements OptimizationTask {
    private final int vocab;
    private final int embed;
    private final int hidden;
    private final int length;
    private final int batch;
    private final double[][] cdf;   // cdf[r][c]: P(next <= c | token r)
    private final double[][] transition;

    MarkovLanguageTask(int vocab, int embed, int hidden, int length, int batch, double sharpness, long sourceSeed) {
        if (vocab < 2 || embed < 1 || hidden < 1 || length < 1 || batch < 1) {
            throw new IllegalArgumentException("markov language task: vocab " + vocab + ", embed " + embed + ", hidden " + hidden
                    + ", length " + length + ", batch " + batch + "; give vocab >= 2 and the others >= 1");
        }
        this.vocab = vocab;
        this.embed = embed;
        this.hidden = hidden;
        this.length = length;
        this.batch = batch;
        RandomKey key = RandomKey.of(sourceSeed);
        transition = new double[vocab][vocab];
        cdf = new double[vocab][vocab];
        for (int r = 0; r < vocab; r++) {
            double z = 0;
            for (int c = 0; c < vocab; c++) z += transition[r][c] = Math.exp(sharpness * key.normal((long) r * vocab + c));
            double acc = 0;
            for (int c = 0; c < vocab; c++) {
                transition[r][c] /= z;
                cdf[r][c] = acc += transition[r][c];
            }
            cdf[r][vocab - 1] = 1.0;
        }
    }

    @Override public String name() { return "rnn_lm_markov" + vocab + "_h" + hidden; }

    @Override public String family() { return "rnn_lm"; }

    @Override public String description() {
        return "Elman RNN (embed " + embed + ", hidden " + hidden + ", tanh) next-token cross-entropy (nats) on " + length
                + "-token sequences of a fixed " + vocab + "-token Markov source, batch " + batch;
    }

    @Override public long parameterCount() {
        return (long) vocab * embed + (long) embed * hidden + (long) hidden * hidden + hidden + (long) hidden * vocab + vocab;
    }

    @Override public Object init(Ops ops, RandomKey key) {
        TensorService ts = ops.tensors();
        return List.of(
                ops.constant(ts.normal(key.foldIn(0), DType.FLOAT64, vocab, embed)),
                ops.constant(ts.normal(key.foldIn(1), DType.FLOAT64, embed, hidden)).mul(1 / Math.sqrt(embed)),
                ops.constant(ts.normal(key.foldIn(2), DType.FLOAT64, hidden, hidden)).mul(1 / Math.sqrt(hidden)),
                ops.constant(ts.zeros(DType.FLOAT64, hidden)),
                ops.constant(ts.normal(key.foldIn(3), DType.FLOAT64, hidden, vocab)).mul(1 / Math.sqrt(hidden)),
                ops.constant(ts.zeros(DType.FLOAT64, vocab)));
    }

    @Override public Var loss(Ops ops, Object params, Object b) {
        if (!(params instanceof List<?> p) || p.size() != 6) {
            throw new IllegalArgumentException("task " + name() + ": params must be the list of 6 Vars init gives, got " + params);
        }
        if (!(b instanceof Tensor tokens) || tokens.rank() != 2 || tokens.shape().dim(1) != length + 1) {
            throw new IllegalArgumentException("task " + name() + ": a batch is the INT64 Tensor [batch, " + (length + 1)
                    + "] batches() gives, got " + b);
        }
        Var e = (Var) p.get(0), wxh = (Var) p.get(1), whh = (Var) p.get(2), bh = (Var) p.get(3), why = (Var) p.get(4), by = (Var) p.get(5);
        Var tok = ops.constant(tokens);
        int n = tokens.shape().dim(0);
        Var h = ops.constant(ops.tensors().zeros(DType.FLOAT64, n, hidden));
        List<Var> losses = new ArrayList<>(length);
        for (int t = 0; t < length; t++) {
            Var x = ops.take(e, column(ops, tok, t, n), 0);
            h = ops.tanh(ops.add(ops.add(ops.matmul(x, wxh), ops.matmul(h, whh)), bh));
            losses.add(Losses.softmaxCrossEntropy(ops.add(ops.matmul(h, why), by), column(ops, tok, t + 1, n)));
        }
        return ops.mean(ops.stack(0, losses.toArray(new Var[0])));
    }

    @Override public BatchStream batches(TensorService ts, RandomKey key) {
        return step -> {
            if (step < 0) throw new IllegalArgumentException("task " + name() + ": step " + step + " < 0");
            RandomKey k = key.foldIn(step);
            long[] tokens = new long[batch * (length + 1)];
            for (int s = 0; s < batch; s++) {
                int base = s * (length + 1);
                tokens[base] = Math.min(vocab - 1, (int) (k.uniform(base) * vocab));
                for (int t = 1; t <= length; t++) tokens[base + t] = next((int) tokens[base + t - 1], k.uniform(base + t));
            }
            return ts.fromArray(tokens, batch, length + 1);
        };
    }

    /**
     * The smallest expected loss (nats), that of the source's own conditionals: {@code (1/length) Σ_t Σ_r p_t(r) H(P_r)}
     * with {@code H(P_r) = -Σ_c P_rc ln P_rc} and {@code p_t} the distribution of token t (uniform at t = 0, then
     * {@code p_{t+1} = p_t P}).
     */
    double minimumLoss() {
        double[] p = new double[vocab];
        java.util.Arrays.fill(p, 1.0 / vocab);
        double sum = 0;
        for (int t = 0; t < length; t++) {
            double[] next = new double[vocab];
            for (int r = 0; r < vocab; r++) {
                for (int c = 0; c < vocab; c++) {
                    sum -= p[r] * transition[r][c] * Math.log(transition[r][c]);
                    next[c] += p[r] * transition[r][c];
                }
            }
            p = next;
        }
        return sum / length;
    }

    private int next(int token, double u) {
        double[] row = cdf[token];
        for (int c = 0; c < vocab; c++) if (u < row[c]) return c;
        return vocab - 1;
    }

    private static Var column(Ops ops, Var tokens, int t, int n) { return ops.reshape(ops.sliceAxis(tokens, 1, t, t + 1), n); }

    @Override public String toString() { return name(); }
}
