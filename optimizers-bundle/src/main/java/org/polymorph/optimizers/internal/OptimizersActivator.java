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
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.GuiceActivator;
import org.polymorph.core.runtime.OsgiModule;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.internal.learned.LearnedArchitectures;
import org.polymorph.optimizers.internal.meta.MetaTraining;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.internal.train.TrainMethod;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * Composition root of the optimizers bundle: consumes the TensorService, the autodiff bundle's
 * AutodiffService and the registered optimizers and datasets (catalogs over the registry), and
 * publishes one {@link OptimizerProvider} per classical optimizer, the learned-optimizer architectures
 * of {@link LearnedArchitectures}, the optimization tasks of
 * {@link StandardTasks} and the Method nn.train.
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
        ServiceCatalog<OptimizationTask> tasks = open(OptimizationTask.catalog(ctx));
        ServiceCatalog<DatasetProvider> datasets = open(
                ServiceCatalog.tracking(ctx, DatasetProvider.class, DatasetProvider.NAME_PROPERTY, "dataset"));
        return new OsgiModule(ctx) {
            @Override protected void configureBundle() {
                bindService(TensorService.class);
                bindService(AutodiffService.class);
                bind(new TypeLiteral<ServiceCatalog<OptimizerProvider>>() { }).toInstance(optimizers);
                bind(new TypeLiteral<ServiceCatalog<DatasetProvider>>() { }).toInstance(datasets);
                bind(new TypeLiteral<ServiceCatalog<LearnedOptimizerArchitecture>>() { }).toInstance(architectures);
                bind(new TypeLiteral<ServiceCatalog<OptimizationTask>>() { }).toInstance(tasks);
            }
        };
    }

    @Override
    protected void register(Injector injector) {
        List<OptimizerProvider> classical = ClassicalOptimizers.all();
        List<OptimizationTask> tasks = StandardTasks.all();
        for (OptimizerProvider p : classical) {
            publish(OptimizerProvider.class, p, Map.of(OptimizerProvider.NAME_PROPERTY, p.name()));
        }
        List<LearnedOptimizerArchitecture> architectures = LearnedArchitectures.all();
        for (LearnedOptimizerArchitecture a : architectures) {
            publish(LearnedOptimizerArchitecture.class, a, Map.of(LearnedOptimizerArchitecture.ARCHITECTURE_PROPERTY, a.name()));
        }
        for (OptimizationTask t : tasks) {
            publish(OptimizationTask.class, t, Map.of(OptimizationTask.NAME_PROPERTY, t.name()));
        }
        Method train = injector.getInstance(TrainMethod.class);
        publish(Method.class, train, Map.of(Method.ID_PROPERTY, train.id()));
        MetaTraining.register(injector, this::publish);
        LOG.info("registered {} optimizers, {} learned-optimizer architectures, {} tasks and Method {}", classical.size(),
                architectures.size(), tasks.size(), train.id());
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
