package org.polymorph.optimizers.learned;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.polymorph.autodiff.Ops;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.Optimizer;

/**
 * A learned optimizer: an architecture with its hyper-parameters, whose meta-parameters θ define an
 * {@link Optimizer}. Implementations are immutable and may be shared between threads.
 */
@ConsumerType
public interface LearnedOptimizer {
    /** The architecture's name, as registered: {@code notebook_mlp}, {@code mlp_lopt}, {@code adafac_mlp_lopt}, ... */
    String architecture();

    /**
     * The hyper-parameters this optimizer was created with, all of them (defaults filled in), as
     * JSON-able values (Numbers, Booleans, Strings, Lists of them); {@code create(config())} of the
     * same architecture gives an equal optimizer.
     */
    Map<String, Object> config();

    /** Fresh meta-parameters θ: a pytree ({@code Map<String, Var>} by name) of float64 Vars drawn from {@code key}. */
    Object initMetaParams(Ops ops, RandomKey key);

    /**
     * The optimizer θ defines; differentiable in θ when its leaves are traced Vars.
     *
     * @param theta    meta-parameters with the structure of {@link #initMetaParams}
     * @param numSteps the inner training length (VeLO's progress feature, Adafactor's init), 0 when unknown
     * @throws IllegalArgumentException if θ lacks a tensor or has one of the wrong shape, naming it
     */
    Optimizer optimizer(Ops ops, Object theta, long numSteps);
}
