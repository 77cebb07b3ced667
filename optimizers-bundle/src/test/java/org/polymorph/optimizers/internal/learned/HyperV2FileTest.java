package org.polymorph.optimizers.internal.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerFile;

/** hyper_v2 in a learned-optimizer file: a bit-exact round trip that gives the same updates. */
class HyperV2FileTest {
    private final AdTesting t = new AdTesting();
    private final ServiceCatalog<LearnedOptimizerArchitecture> catalog =
            ServiceCatalog.of("learned-optimizer architecture", List.of(new HyperV2Architecture()), LearnedOptimizerArchitecture::name);

    @TempDir Path tmp;

    /** A hyper_v2 file with θ its initialisation plus noise (so every leaf, biases included, carries bits). */
    private Path file(LearnedOptimizer lopt, Map<String, Var> theta) throws Exception {
        Path p = tmp.resolve("hyper.lopt");
        LearnedOptimizerFile.write(p, lopt, theta, Map.of("trained_by", "test"));
        return p;
    }

    private Map<String, Var> noisyTheta(LearnedOptimizer lopt) {
        @SuppressWarnings("unchecked")
        Map<String, Var> theta = new TreeMap<>((Map<String, Var>) lopt.initMetaParams(t.o, RandomKey.of(6)));
        int i = 0;
        for (Map.Entry<String, Var> e : theta.entrySet()) {
            e.setValue(e.getValue().add(t.normal(50 + i++, e.getValue().shape().toArray()).mul(0.01)));
        }
        return theta;
    }

    @Test
    void roundTripKeepsConfigThetaAndTheUpdate() throws Exception {
        LearnedOptimizer lopt = catalog.get("architecture", "hyper_v2").create(Map.of("lstm_hidden_size", 6, "param_inits", 3));
        Map<String, Var> theta = noisyTheta(lopt);
        LearnedOptimizerFile.Loaded back = LearnedOptimizerFile.read(file(lopt, theta), catalog);
        assertEquals("hyper_v2", back.optimizer().architecture());
        assertEquals(lopt.config(), back.optimizer().config());
        Map<String, Var> again = back.theta(t.o);
        assertEquals(theta.keySet(), again.keySet());
        for (String k : theta.keySet()) assertArrayEquals(t.values(theta.get(k)), t.values(again.get(k)), 0.0, k);
        List<Var> p = List.of(t.normal(1, 4, 3), t.normal(2, 3));
        List<Var> g = List.of(t.normal(3, 4, 3), t.normal(4, 3));
        Optimizer a = lopt.optimizer(t.o, theta, 30);
        Optimizer b = back.optimizer().optimizer(t.o, again, 30);
        OptState sa = a.init(p);
        OptState sb = b.init(p);
        assertArrayEquals(flat(a.update(g, sa, p).updates()), flat(b.update(g, sb, p).updates()), 0.0);
    }

    private double[] flat(Object tree) {
        return Trees.flatten(tree, t.o).leaves().stream().flatMapToDouble(v -> java.util.Arrays.stream(t.values(v))).toArray();
    }
}
