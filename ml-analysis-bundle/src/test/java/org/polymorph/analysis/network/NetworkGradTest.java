package org.polymorph.analysis.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;

/** Network.apply is differentiable w.r.t. parameters and input, forward and reverse, to second order (GradCheck). */
class NetworkGradTest {
    private final AdTesting t = new AdTesting();

    @Test
    void convPoolDenseNetwork() {
        check("conv(out=2,kernel=2,stride=2,padding=same,w_std=1.3,b_std=0.3),gelu,avg_pool(2,1),tanh,flatten,"
                + "dense(out=3,w_std=1.2,b_std=0.2),leaky_relu(0.1),dense(out=2,b_std=0.1),erf", new int[] {2, 5, 5, 1}, 2);
    }

    @Test
    void everyNonlinearityAndGlobalPool() {
        check("conv(out=3,kernel=2,b_std=0.5),sigmoid,conv(out=2,kernel=1),abs,global_avg_pool,dense(out=4),relu,dense(out=1),identity",
                new int[] {2, 3, 3, 2}, 2);
        check("dense(out=4,w_std=1.5,b_std=0.05),relu,dense(out=4,b_std=0.1),tanh,dense(out=2)", new int[] {3, 3}, 2);
    }

    private void check(String layers, int[] xShape, int order) {
        Network net = new Network(NetworkSpec.parse(layers), java.util.Arrays.copyOfRange(xShape, 1, xShape.length));
        List<Map<String, Tensor>> p = net.init(t.ts, RandomKey.of(3));
        List<Var> leaves = new ArrayList<>();
        leaves.add(t.normal(4, xShape));
        for (Map<String, Tensor> m : p) {
            if (!m.isEmpty()) {
                leaves.add(t.o.constant(m.get("w")));
                leaves.add(t.o.constant(m.get("b")));
            }
        }
        Function<Var[], Var> f = args -> {
            List<Map<String, Var>> params = new ArrayList<>();
            int k = 1;
            for (Map<String, Tensor> m : p) {
                Map<String, Var> v = new LinkedHashMap<>();
                if (!m.isEmpty()) {
                    v.put("w", args[k++]);
                    v.put("b", args[k++]);
                }
                params.add(v);
            }
            return net.apply(t.ad, params, args[0]);
        };
        t.check.check(f, leaves.toArray(new Var[0]), order);
    }
}
