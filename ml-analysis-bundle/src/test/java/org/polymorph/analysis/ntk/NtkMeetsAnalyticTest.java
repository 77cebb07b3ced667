package org.polymorph.analysis.ntk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polymorph.analysis.kernels.Kernels;
import org.polymorph.analysis.network.Network;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The finite-width NTK of every implementation, averaged over seeds, meets the infinite-width kernel of
 * {@link Kernels} (Jacot et al. 2018: Θ at initialisation tends to the analytic NTK as width → ∞; the spread over
 * seeds shrinks like 1/√width, which FiniteWidthConvergenceTest measures).
 */
class NtkMeetsAnalyticTest {
    private final AdTesting fx = new AdTesting();
    private final TensorService ts = fx.ts;

    @Test
    void everyImplementationApproachesTheAnalyticKernelAtWidth1024() {
        String layers = "dense(out=1024,w_std=1.5,b_std=0.1),erf,dense(out=1024,w_std=1.3,b_std=0.1),relu,dense(out=1,w_std=1.2,b_std=0.05)";
        NetworkSpec spec = NetworkSpec.parse(layers);
        Network net = new Network(spec, new int[] {3});
        Tensor x = ts.normal(RandomKey.of(5), DType.FLOAT64, 4, 3);
        double[] analytic = ts.toDoubleArray(new Kernels(ts).compute(spec, x, x).ntk());
        int seeds = 4;
        for (NtkImplementation impl : new NtkImplementation[] {NtkImplementation.JC, NtkImplementation.VP, NtkImplementation.SD}) {
            Ntk ntk = Ntk.of(fx.ad, net, NtkOptions.defaults().withImplementation(impl));
            double[] mean = new double[analytic.length];
            for (int s = 0; s < seeds; s++) {
                double[] k = ts.toDoubleArray(ntk.compute(net.init(ts, RandomKey.of(100 + s)), x, x));
                for (int i = 0; i < k.length; i++) mean[i] += k[i] / seeds;
            }
            double num = 0;
            double den = 0;
            for (int i = 0; i < mean.length; i++) {
                num += (mean[i] - analytic[i]) * (mean[i] - analytic[i]);
                den += analytic[i] * analytic[i];
            }
            double rel = Math.sqrt(num / den);
            System.out.printf("NTK %s, width 1024, %d seeds: relative distance to the analytic kernel %.4f%n", impl, seeds, rel);
            assertTrue(rel < 0.06, impl + ": " + rel);
        }
    }
}
