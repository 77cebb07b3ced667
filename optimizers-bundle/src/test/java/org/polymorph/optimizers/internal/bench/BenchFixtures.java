package org.polymorph.optimizers.internal.bench;

import java.util.stream.Stream;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.internal.ClassicalOptimizers;
import org.polymorph.optimizers.internal.learned.HyperV2Architecture;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.task.OptimizationTask;

/** The services of the benchmark Methods without a framework: this bundle's optimizers and architectures, the given tasks. */
final class BenchFixtures {
    static final ServiceCatalog<OptimizerProvider> OPTIMIZERS = ServiceCatalog.of("optimizer", ClassicalOptimizers.all(), OptimizerProvider::name);
    static final ServiceCatalog<LearnedOptimizerArchitecture> ARCHITECTURES =
            ServiceCatalog.of("learned-optimizer architecture", Stream.concat(LearnedArchitectures.all().stream(),
                    Stream.of(new HyperV2Architecture())).toList(), LearnedOptimizerArchitecture::name);

    private BenchFixtures() { }

    static BenchServices services(AdTesting t, ServiceCatalog<OptimizationTask> tasks) {
        AutodiffEngines engines = new AutodiffEngines();
        return new BenchServices(() -> t.ts, () -> engines, OPTIMIZERS, tasks, ARCHITECTURES);
    }
}
