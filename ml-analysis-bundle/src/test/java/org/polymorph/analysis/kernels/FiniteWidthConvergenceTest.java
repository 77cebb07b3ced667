package org.polymorph.analysis.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.analysis.network.Network;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.VjpResult;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Finite networks approach the infinite-width kernels: the empirical NTK (J Jᵀ by autodiff) and the output covariance. */
class FiniteWidthConvergenceTest {
    private final AdTesting fx = new AdTesting();
    private final TensorService ts = fx.ts;
    private final AD ad = fx.ad;
    private final Ops o = fx.o;

    /**
     * Empirical NTK Θ(x_i, x_j) = Σ_θ ∂f(x_i)/∂θ · ∂f(x_j)/∂θ (n, n) of the scalar-output network at the parameters
     * of {@code seed}: one reverse-mode pullback per input, contracted over every parameter array.
     */
    private double[] empiricalNtk(Network net, Tensor x, long seed) {
        int n = x.dim(0);
        Var xv = o.constant(x);
        VjpResult<List<Map<String, Var>>, Var> r = ad.vjp(p -> o.reshape(net.apply(ad, p, xv), n),
                Network.constants(o, net.init(ts, RandomKey.of(seed))));
        List<List<double[]>> grads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1;
            List<double[]> leaves = new ArrayList<>();
            for (Map<String, Var> layer : r.pullback().apply(o.constant(ts.fromArray(e, n)))) {
                for (Var g : layer.values()) leaves.add(ts.toDoubleArray(g.value()));
            }
            grads.add(leaves);
        }
        double[] ntk = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int l = 0; l < grads.get(i).size(); l++) {
                    double[] a = grads.get(i).get(l);
                    double[] b = grads.get(j).get(l);
                    for (int k = 0; k < a.length; k++) sum += a[k] * b[k];
                }
                ntk[i * n + j] = sum;
            }
        }
        return ntk;
    }

    private static double relativeError(double[] got, double[] want) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < want.length; i++) {
            num += (got[i] - want[i]) * (got[i] - want[i]);
            den += want[i] * want[i];
        }
        return Math.sqrt(num / den);
    }

    /**
     * Widths 256 → 4096, 16 seeds each: the RMS over seeds of the relative Frobenius error of the empirical NTK falls
     * like width^−1/2 (log-log slope ≈ −0.5), and the seed-averaged kernel at 4096 is within a few percent.
     */
    @Test
    void empiricalNtkConvergesLikeOneOverSqrtWidth() {
        Tensor x = ts.normal(RandomKey.of(11), DType.FLOAT64, 4, 3);
        String layers = "dense(out=%d,w_std=1.5,b_std=0.1),relu,dense(out=1,w_std=1.2,b_std=0.05)";
        double[] analytic = ts.toDoubleArray(new Kernels(ts).compute(NetworkSpec.parse(String.format(layers, 1)), x, null).ntk());
        int[] widths = {256, 512, 1024, 2048, 4096};
        int seeds = 16;
        double[] logW = new double[widths.length];
        double[] logE = new double[widths.length];
        double[] mean = new double[analytic.length];
        for (int w = 0; w < widths.length; w++) {
            Network net = new Network(NetworkSpec.parse(String.format(layers, widths[w])), new int[] {3});
            double sq = 0;
            for (int s = 0; s < seeds; s++) {
                double[] emp = empiricalNtk(net, x, 1000L * w + s);
                double e = relativeError(emp, analytic);
                sq += e * e;
                if (w == widths.length - 1) for (int i = 0; i < mean.length; i++) mean[i] += emp[i] / seeds;
            }
            logW[w] = Math.log(widths[w]);
            logE[w] = 0.5 * Math.log(sq / seeds);
        }
        double slope = slope(logW, logE);
        System.out.printf("empirical NTK vs analytic: RMS relative error %s, log-log slope %.3f, seed-mean error at 4096 %.4f%n",
                java.util.Arrays.toString(java.util.Arrays.stream(logE).map(Math::exp).toArray()), slope,
                relativeError(mean, analytic));
        assertEquals(-0.5, slope, 0.15, "log-log slope of the error against the width");
        assertTrue(relativeError(mean, analytic) < 0.03, "seed-averaged NTK at width 4096: " + relativeError(mean, analytic));
    }

    /**
     * Conv nets (SAME and strided convs, avg_pool, global_avg_pool, flatten) of 512 channels: the seed-averaged empirical
     * NTK of {@link Network} is within a few percent of the analytic one, which checks the conventions (fan-in k²·C,
     * padding, pooling windows) against an independently written forward pass.
     */
    @Test
    void convolutionalEmpiricalNtkApproachesTheAnalyticOne() {
        Tensor x = ts.normal(RandomKey.of(13), DType.FLOAT64, 3, 4, 4, 2);
        String[] nets = {
            "conv(out=512,kernel=3,padding=same,w_std=1.4,b_std=0.1),relu,avg_pool(window=2,stride=1),global_avg_pool,"
                + "dense(out=1,w_std=1.2,b_std=0.05)",
            "conv(out=512,kernel=3,stride=2,padding=same,w_std=1.3),erf,flatten,dense(out=1,w_std=1.1,b_std=0.2)"};
        for (String layers : nets) {
            double[] analytic = ts.toDoubleArray(new Kernels(ts).compute(NetworkSpec.parse(layers), x, null).ntk());
            Network net = new Network(NetworkSpec.parse(layers), new int[] {4, 4, 2});
            double[] mean = new double[analytic.length];
            int seeds = 6;
            for (int s = 0; s < seeds; s++) {
                double[] emp = empiricalNtk(net, x, 77 + s);
                for (int i = 0; i < mean.length; i++) mean[i] += emp[i] / seeds;
            }
            double err = relativeError(mean, analytic);
            System.out.printf("conv empirical NTK (512 channels, %d seeds) vs analytic: relative error %.4f for %s%n", seeds,
                    err, layers);
            assertTrue(err < 0.05, layers + ": relative error " + err);
        }
    }

    /** Covariance of the outputs over 100 seeds × 50 output units of width-512 tanh networks vs the NNGP (quadrature). */
    @Test
    void outputCovarianceMatchesTheNngp() {
        Tensor x = ts.normal(RandomKey.of(12), DType.FLOAT64, 3, 4);
        String layers = "dense(out=512,w_std=1.5,b_std=0.2),tanh,dense(out=50,w_std=1.3,b_std=0.1)";
        Network net = new Network(NetworkSpec.parse(layers), new int[] {4});
        double[] nngp = ts.toDoubleArray(new Kernels(ts).compute(NetworkSpec.parse(layers), x, null).nngp());
        double[] cov = new double[9];
        int samples = 0;
        for (int s = 0; s < 100; s++) {
            Var y = net.apply(ad, Network.constants(o, net.init(ts, RandomKey.of(500 + s))), o.constant(x));
            double[] ys = ts.toDoubleArray(y.value());                      // (3, 50)
            for (int u = 0; u < 50; u++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) cov[i * 3 + j] += ys[i * 50 + u] * ys[j * 50 + u];
                }
                samples++;
            }
        }
        for (int e = 0; e < 9; e++) {
            cov[e] /= samples;
            int i = e / 3;
            int j = e % 3;
            double stderr = Math.sqrt((nngp[i * 3 + i] * nngp[j * 3 + j] + nngp[e] * nngp[e]) / samples);
            assertEquals(nngp[e], cov[e], 5 * stderr + 0.02 * Math.abs(nngp[e]), "covariance " + i + "," + j);
        }
    }

    private static double slope(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }
}
