package org.polymorph.optimizers.internal.bench;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * What the benchmark Methods take from the service registry: the tensor and autodiff engines, and the catalogs of
 * optimizers, optimization tasks and learned-optimizer architectures (each looked up by name when a run starts).
 */
public final class BenchServices {
    private final Provider<TensorService> tensors;
    private final Provider<AutodiffService> autodiff;
    private final ServiceCatalog<OptimizerProvider> optimizers;
    private final ServiceCatalog<OptimizationTask> tasks;
    private final ServiceCatalog<LearnedOptimizerArchitecture> architectures;

    @Inject
    public BenchServices(Provider<TensorService> tensors, Provider<AutodiffService> autodiff, ServiceCatalog<OptimizerProvider> optimizers,
                         ServiceCatalog<OptimizationTask> tasks, ServiceCatalog<LearnedOptimizerArchitecture> architectures) {
        this.tensors = tensors;
        this.autodiff = autodiff;
        this.optimizers = optimizers;
        this.tasks = tasks;
        this.architectures = architectures;
    }

    /** A fresh autodiff engine over the current TensorService. */
    AD ad() { return autodiff.get().create(tensors.get()); }

    /** The registered optimizer {@code name}; bad input naming {@code param} when there is none. */
    OptimizerProvider optimizer(String param, String name) { return optimizers.get(param, name); }

    /** The registered task {@code name}; bad input naming {@code param} when there is none. */
    OptimizationTask task(String param, String name) { return tasks.get(param, name); }

    /** The registered learned-optimizer architecture {@code name}; bad input naming {@code param} when there is none. */
    LearnedOptimizerArchitecture architecture(String param, String name) { return architectures.get(param, name); }

    /** Whether {@code spec} names a learned optimizer ({@link LearnedSpec}). */
    boolean isLearned(String spec) { return LearnedSpec.names(spec, architectures); }

    /** The learned optimizer {@code spec} names ({@link LearnedSpec#of}). */
    LearnedSpec learned(String spec, String param) { return LearnedSpec.of(spec, param, architectures); }

    /** The learned optimizer {@code spec} names, an architecture configured by {@code config} ({@link LearnedSpec#of}). */
    LearnedSpec learned(String spec, String param, String config) { return LearnedSpec.of(spec, param, architectures, config); }
}
