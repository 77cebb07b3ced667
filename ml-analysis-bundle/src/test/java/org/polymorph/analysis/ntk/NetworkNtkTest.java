package org.polymorph.analysis.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.analysis.network.Network;
import org.polymorph.analysis.network.NetworkSpec;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/** Structured derivatives on Networks agree with Jacobian contraction and NTK-vector products (float64, 1e-10 relative). */
class NetworkNtkTest {
    final TensorService ts = new ReferenceTensorService();
    final AD ad = new AutodiffEngines().create(ts);

    Network network(String layers, int... inputShape) { return new Network(NetworkSpec.parse(layers), inputShape); }

    Tensor normal(long seed, int... shape) { return ts.normal(RandomKey.of(seed), DType.FLOAT64, shape); }

    void assertAllAgree(Network net, Tensor x1, Tensor x2, NtkOptions base) {
        List<Map<String, Tensor>> params = net.init(ts, RandomKey.of(3));
        Tensor ref = Ntk.of(ad, net, base.withImplementation(NtkImplementation.JC)).compute(params, x1, x2);
        for (NtkImplementation i : NtkImplementation.values()) {
            KernelAsserts.assertAgree(ts, ref, Ntk.of(ad, net, base.withImplementation(i)).compute(params, x1, x2), i + " " + base);
        }
        KernelAsserts.assertAgree(ts, ref, Ntk.of(ad, net, base.withImplementation(NtkImplementation.SD).withBatchSize(2))
                .compute(params, x1, x2), "SD tiled " + base);
    }

    @Test
    void denseNetworkStructuredDerivativesAgree() {
        Network net = network("dense(out=16,w_std=1.5,b_std=0.05),relu,dense(out=12,w_std=1.3,b_std=0.2),erf,"
                + "dense(out=3,w_std=1.5,b_std=0.05)", 5);
        Tensor x1 = normal(1, 5, 5);
        Tensor x2 = normal(2, 3, 5);
        NtkOptions d = NtkOptions.defaults();
        assertAllAgree(net, x1, x2, d);
        assertAllAgree(net, x1, x2, d.withTraceAxes());
        assertAllAgree(net, x1, x2, d.withTraceAxes().withDiagonalAxes(1));
    }

    @Test
    void convPoolingAndReshapeNetworkAgrees() {
        Network net = network("conv(out=3,kernel=3,padding=same,w_std=1.4,b_std=0.1),relu,avg_pool(window=2,stride=2),"
                + "conv(out=2,kernel=2,padding=valid,b_std=0.3),tanh,flatten,dense(out=4,w_std=1.2,b_std=0.1),gelu,dense(out=2)", 6, 6, 2);
        Tensor x1 = normal(3, 3, 6, 6, 2);
        Tensor x2 = normal(4, 2, 6, 6, 2);
        assertAllAgree(net, x1, x2, NtkOptions.defaults());
        assertAllAgree(net, x1, x2, NtkOptions.defaults().withTraceAxes());
    }

    @Test
    void globalPoolingAndDenseOnImagesAgree() {
        Network net = network("conv(out=4,kernel=2,stride=2,b_std=0.1),sigmoid,dense(out=3,b_std=0.5),leaky_relu(slope=0.2),"
                + "global_avg_pool,dense(out=2,w_std=2)", 4, 4, 1);
        assertAllAgree(net, normal(5, 3, 4, 4, 1), normal(6, 2, 4, 4, 1), NtkOptions.defaults());
    }

    @Test
    void structuredKernelOfX1IsSymmetricPsd() {
        Network net = network("dense(out=32,w_std=1.5),relu,dense(out=32,w_std=1.5),abs,dense(out=4)", 6);
        Tensor x = normal(7, 6, 6);
        Tensor k = Ntk.of(ad, net, NtkOptions.defaults().withImplementation(NtkImplementation.SD)).compute(net.init(ts, RandomKey.of(1)), x, null);
        KernelAsserts.assertSymmetricPsd(ts, k, "SD");
    }

    /** Paper Table 1 / Fig. 1: on a wide FCN the structured contraction is far cheaper than JC's N²·O·P. */
    @Test
    void autoPicksStructuredDerivativesForAWideFcn() {
        Network net = network("dense(out=512),relu,dense(out=512),relu,dense(out=10)", 64);
        List<Map<String, Tensor>> params = net.init(ts, RandomKey.of(1));
        Tensor x = normal(8, 16, 64);
        Ntk ntk = Ntk.of(ad, net, NtkOptions.defaults());
        Map<NtkImplementation, Double> c = ntk.estimatedFlops(params, x, null);
        assertEquals(NtkImplementation.SD, ntk.resolve(params, x, null), c.toString());
        assertTrue(c.get(NtkImplementation.SD) * 2 < c.get(NtkImplementation.JC), c.toString());
        Map<NtkImplementation, Double> b = ntk.estimatedBytes(params, x, null);
        assertEquals(8.0 * 16 * 10 * net.parameterCount(), b.get(NtkImplementation.JC), 1e-6, "JC holds N·O·P doubles");
        assertEquals(8.0 * 16 * 10 * (512 + 512 + 512 + 512 + 10), b.get(NtkImplementation.SD), 1e-6, "SD holds N·O·Y doubles");
    }
}
