package org.polymorph.materials;

import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.internal.forcefield.VerletTrajectory;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.optimizers.OptimizerProvider;
import org.polymorph.optimizers.internal.ClassicalOptimizers;

/** What the bundle's activator would find or register in a runtime, built directly for unit tests. */
public final class TestServices {
    /** The optimizers bundle's classical providers (sgd, momentum, nesterov, adam, adamw, rmsprop), by name. */
    public static final ServiceCatalog<OptimizerProvider> OPTIMIZERS = ServiceCatalog.of("optimizer", ClassicalOptimizers.all(), OptimizerProvider::name);

    private TestServices() { }

    /** An engine over the reference TensorService with this bundle's fused-kernel primitives registered, as the activator registers them. */
    public static AD ad() {
        AD ad = new AutodiffEngines().create(new ReferenceTensorService());
        FusedEnergy.register(ad.primitives(), "test");
        VerletTrajectory.register(ad.primitives(), "test");
        org.polymorph.materials.internal.rigid.RigidAdjoint.register(ad.primitives(), "test");
        return ad;
    }
}
