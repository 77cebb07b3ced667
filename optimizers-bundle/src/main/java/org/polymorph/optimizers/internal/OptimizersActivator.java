package org.polymorph.optimizers.internal;

import com.google.inject.Injector;
import com.google.inject.TypeLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.osgi.framework.BundleContext;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.autodiff.data.DatasetProvider;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.internal.bench.BenchLoptMethod;
import org.polymorph.optimizers.internal.bench.BenchmarkMethod;
import org.polymorph.optimizers.internal.bench.GradientVarianceMethod;
import org.polymorph.optimizers.internal.bench.RunWork;
import org.polymorph.optimizers.internal.learned.HyperV2Architecture;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.internal.learned.LearnedOptimizerProvider;
import org.polymorph.optimizers.internal.meta.MetaTraining;
import org.polymorph.optimizers.internal.task.HeldOutTasks;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.internal.train.TrainMethod;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Composition root of the optimizers bundle: consumes the TensorService, the autodiff bundle's
 * AutodiffService, the Distributed service (meta-training's population) and the registered optimizers and datasets
 * (catalogs over the registry), and
 * publishes one {@link OptimizerProvider} per classical optimizer and {@code learned} (a learned
 * optimizer from its file, over the catalog of architectures), the learned-optimizer architectures
 * of {@link LearnedArchitectures} and hyper_v2, the optimization tasks of {@link StandardTasks} and
 * {@link HeldOutTasks}, the Methods nn.train, lopt.benchmark, lopt.gradient_variance and bench.lopt, lopt.benchmark's
 * work kind {@value RunWork#NAME}, and
 * meta-training's ({@link MetaTraining}).
 */
public final class OptimizersActivator extends GuiceActivator {
    private static final Logger LOG = LogManager.getLogger(OptimizersActivator.class);
    private final List<ServiceCatalog<?>> catalogs = new ArrayList<>();
    private ServiceCatalog<LearnedOptimizerArchitecture> architectures;

    @Override
    protected OsgiModule module(BundleContext ctx) {
        ServiceCatalog<OptimizerProvider> optimizers = open(
                ServiceCatalog.tracking(ctx, OptimizerProvider.class, OptimizerProvider.NAME_PROPERTY, "optimizer"));
        architectures = open(ServiceCatalog.tracking(ctx, LearnedOptimizerArchitecture.class,
                LearnedOptimizerArchitecture.ARCHITECTURE_PROPERTY, "learned-optimizer architecture"));
        ServiceCatalog<DatasetProvider> datasets = open(
                ServiceCatalog.tracking(ctx, DatasetProvider.class, DatasetProvider.NAME_PROPERTY, "dataset"));
        ServiceCatalog<OptimizationTask> tasks = open(OptimizationTask.catalog(ctx));
        return new OsgiModule(ctx) {
            @Override protected void configureBundle() {
                bindService(TensorService.class);
                bindService(AutodiffService.class);
                bindService(Distributed.class);
                bind(new TypeLiteral<ServiceCatalog<OptimizerProvider>>() { }).toInstance(optimizers);
                bind(new TypeLiteral<ServiceCatalog<DatasetProvider>>() { }).toInstance(datasets);
                bind(new TypeLiteral<ServiceCatalog<OptimizationTask>>() { }).toInstance(tasks);
                bind(new TypeLiteral<ServiceCatalog<LearnedOptimizerArchitecture>>() { }).toInstance(architectures);
            }
        };
    }

    @Override
    protected void register(Injector injector) {
        List<OptimizerProvider> classical = ClassicalOptimizers.all();
        List<OptimizationTask> tasks = new ArrayList<>(StandardTasks.all());
        tasks.addAll(HeldOutTasks.all());
        for (OptimizerProvider p : classical) {
            publish(OptimizerProvider.class, p, Map.of(OptimizerProvider.NAME_PROPERTY, p.name()));
        }
        List<LearnedOptimizerArchitecture> learned = new ArrayList<>(LearnedArchitectures.all());
        learned.add(new HyperV2Architecture());
        for (LearnedOptimizerArchitecture a : learned) {
            publish(LearnedOptimizerArchitecture.class, a, Map.of(LearnedOptimizerArchitecture.ARCHITECTURE_PROPERTY, a.name()));
        }
        publish(OptimizerProvider.class, new LearnedOptimizerProvider(architectures),
                Map.of(OptimizerProvider.NAME_PROPERTY, LearnedOptimizerProvider.NAME));
        for (OptimizationTask t : tasks) {
            publish(OptimizationTask.class, t, Map.of(OptimizationTask.NAME_PROPERTY, t.name()));
        }
        Method train = injector.getInstance(TrainMethod.class);
        publish(Method.class, train, Map.of(Method.ID_PROPERTY, train.id()));
        MetaTraining.register(injector, this::publish);
        WorkKind runs = injector.getInstance(RunWork.class);
        publish(WorkKind.class, runs, Map.of(WorkKind.NAME_PROPERTY, runs.name()));
        Method benchmark = injector.getInstance(BenchmarkMethod.class);
        publish(Method.class, benchmark, Map.of(Method.ID_PROPERTY, benchmark.id()));
        Method variance = injector.getInstance(GradientVarianceMethod.class);
        publish(Method.class, variance, Map.of(Method.ID_PROPERTY, variance.id()));
        Method bench = injector.getInstance(BenchLoptMethod.class);
        publish(Method.class, bench, Map.of(Method.ID_PROPERTY, bench.id()));
        LOG.info("registered {} optimizers, {} learned-optimizer architectures, {} tasks and Methods {}, {}, {}, {}", classical.size() + 1,
                learned.size(), tasks.size(), train.id(), benchmark.id(), variance.id(), bench.id());
    }

    @Override
    protected void shutdown() {
        catalogs.forEach(ServiceCatalog::close);
        catalogs.clear();
    }

    private <S> ServiceCatalog<S> open(ServiceCatalog<S> c) {
        catalogs.add(c);
        return c;
    }
}
