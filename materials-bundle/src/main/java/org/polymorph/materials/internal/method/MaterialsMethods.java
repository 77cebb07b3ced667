package org.polymorph.materials.internal.method;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.List;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.AutodiffService;
import org.polymorph.core.distributed.Distributed;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.method.Method;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.internal.matching.SiteMatcher;
import org.polymorph.materials.internal.symmetry.SpaceGroupFinder;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.optimizers.OptimizerProvider;

/**
 * The Methods of the materials bundle; those that differentiate get an autodiff engine over the TensorService,
 * those that take a potential the catalog of the pair styles registered now, those with independent work items the
 * Distributed service.
 */
public final class MaterialsMethods {
    private final Supplier<AD> ad;
    private final ServiceCatalog<OptimizerProvider> optimizers;
    private final PotentialCatalog potentials;
    private final Supplier<Distributed> distributed;
    private final Supplier<TensorService> tensors;

    @Inject
    public MaterialsMethods(Provider<TensorService> tensors, Provider<AutodiffService> autodiff,
                            ServiceCatalog<OptimizerProvider> optimizers, PotentialCatalog potentials, Provider<Distributed> distributed) {
        this(() -> autodiff.get().create(tensors.get()), optimizers, potentials, distributed::get, tensors::get);
    }

    /** For tests: an engine, catalogs and the Distributed service (null: independent items run on the run's thread) of one's choice. */
    public MaterialsMethods(Supplier<AD> ad, ServiceCatalog<OptimizerProvider> optimizers, PotentialCatalog potentials, Supplier<Distributed> distributed) {
        this(ad, optimizers, potentials, distributed, () -> null);
    }

    /**
     * As above, with the run's TensorService ({@code tensors.get()} during a run; null: none), whose fused MD
     * kernels md.run and bench.md.lj / bench.md.sw use when it offers them.
     */
    public MaterialsMethods(Supplier<AD> ad, ServiceCatalog<OptimizerProvider> optimizers, PotentialCatalog potentials, Supplier<Distributed> distributed,
                            Supplier<TensorService> tensors) {
        this.tensors = tensors;
        this.ad = ad;
        this.optimizers = optimizers;
        this.potentials = potentials;
        this.distributed = distributed;
    }

    /** The work kinds the Methods hand to the Distributed service: ff.fit's weightings and crystal.predict's relaxations. */
    public List<WorkKind> workKinds() {
        return List.of(new org.polymorph.materials.internal.forcefield.WeightingWork(ad, optimizers, potentials),
                new org.polymorph.materials.internal.crystal.RelaxWork(potentials));
    }

    public List<Method> all() {
        SpaceGroupFinder finder = new SpaceGroupFinder();
        SiteMatcher matcher = new SiteMatcher();
        return List.of(new EvaluateMethod(potentials), new RunMethod(potentials, tensors), new MinimizeMethod(potentials), new NebMethod(potentials),
                new ElasticMethod(ad, potentials), new PhononsMethod(ad, potentials), new RdfMethod(), new VdosMethod(), new MsdMethod(),
                new EosMethod(potentials), new ConvertMethod(), new org.polymorph.materials.internal.forcefield.FitMethod(ad, optimizers, potentials, distributed),
                new MlpMethod(ad, optimizers, potentials), BenchMdMethod.lj(potentials, tensors), BenchMdMethod.sw(potentials, tensors), BenchMdMethod.eam(potentials, tensors),
                new BenchRigidMethod(ad),
                new org.polymorph.materials.internal.forcefield.BenchFfMethod(ad, potentials), new org.polymorph.materials.internal.pv.PvSimulateMethod(),
                new org.polymorph.materials.internal.pv.BenchPvMethod(), new org.polymorph.materials.internal.pv.PvFitMethod(),
                new org.polymorph.materials.internal.pv.PvOptimizeMethod(), new MatchMethod(matcher), new SymmetryMethod(finder),
                new org.polymorph.materials.internal.crystal.PredictMethod(potentials, finder, matcher, distributed),
                new org.polymorph.materials.internal.m3gnet.BenchM3gnetMethod(ad),
                new org.polymorph.materials.internal.patchy.YieldMethod(ad), new org.polymorph.materials.internal.patchy.SimulateMethod(ad),
                new org.polymorph.materials.internal.patchy.DesignMethod(ad, optimizers));
    }
}
