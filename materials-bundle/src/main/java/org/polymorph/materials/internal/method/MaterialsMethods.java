package org.polymorph.materials.internal.method;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.List;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.core.method.Method;
import org.polymorph.core.runtime.ServiceCatalog;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.optimizers.OptimizerProvider;

/** The Methods of the materials bundle; those that differentiate get an autodiff engine over the TensorService. */
public final class MaterialsMethods {
    private final Supplier<AD> ad;
    private final ServiceCatalog<OptimizerProvider> optimizers;

    @Inject
    public MaterialsMethods(Provider<TensorService> tensors, Provider<AutodiffService> autodiff,
                            ServiceCatalog<OptimizerProvider> optimizers) {
        this(() -> autodiff.get().create(tensors.get()), optimizers);
    }

    /** For tests: an engine of one's choice. */
    public MaterialsMethods(Supplier<AD> ad, ServiceCatalog<OptimizerProvider> optimizers) {
        this.ad = ad;
        this.optimizers = optimizers;
    }

    public List<Method> all() {
        return List.of(new EvaluateMethod(), new RunMethod(), new MinimizeMethod(), new NebMethod(), new ElasticMethod(ad), new PhononsMethod(ad),
                new RdfMethod(), new VdosMethod(), new MsdMethod(), new EosMethod(), new ConvertMethod(),
                new org.polymorph.materials.internal.forcefield.FitMethod(ad), new MlpMethod(ad, optimizers),
                BenchMdMethod.lj(), BenchMdMethod.sw(), BenchMdMethod.eam(), new org.polymorph.materials.internal.forcefield.BenchFfMethod(ad));
    }
}
