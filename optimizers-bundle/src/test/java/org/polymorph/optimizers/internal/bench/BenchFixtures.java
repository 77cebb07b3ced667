package org.polymorph.optimizers.internal.bench;

import java.util.Arrays;
import java.util.stream.Stream;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.internal.ClassicalOptimizers;
import org.polymorph.optimizers.internal.learned.HyperV2Architecture;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.internal.meta.LearnableAdamArchitecture;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.task.OptimizationTask;

/** The services of the benchmark Methods without a framework: this bundle's optimizers and architectures
 * (learnable_adam, which meta-training registers, included), the given tasks. */
final class BenchFixtures {
    static final ServiceCatalog<OptimizerProvider> OPTIMIZERS = ServiceCatalog.of("optimizer", ClassicalOptimizers.all(), OptimizerProvider::name);
    static final ServiceCatalog<LearnedOptimizerArchitecture> ARCHITECTURES =
            ServiceCatalog.of("learned-optimizer architecture", Stream.concat(LearnedArchitectures.all().stream(),
                    Stream.of(new LearnableAdamArchitecture(), new HyperV2Architecture())).toList(), LearnedOptimizerArchitecture::name);

    private BenchFixtures() { }

    static BenchServices services(AdTesting t, ServiceCatalog<OptimizationTask> tasks) {
        AutodiffEngines engines = new AutodiffEngines();
        return new BenchServices(() -> t.ts, () -> engines, OPTIMIZERS, tasks, ARCHITECTURES);
    }

    /** The leaves of {@code tree} concatenated in {@code Trees.flatten} order, row-major. */
    static double[] flat(Object tree, Ops o) {
        return Trees.flatten(tree, o).leaves().stream().flatMapToDouble(v -> Arrays.stream(o.tensors().toDoubleArray(v.value()))).toArray();
    }
}
