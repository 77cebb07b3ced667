package org.polymorph.optimizers.internal.learned;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * The per-parameter accumulators of one tensor, flattened to [n]: MLPLOpt's momenta
 * {@code m <- d m + (1 - d) g} for d in {@link #MOMENTUM_DECAYS} ([n, M]) and hyper_v2's second
 * moment {@code rms <- 0.999 rms + 0.001 g^2} ([n]); learned_optimization learned_optimizers/mlp_lopt.py
 * and research/general_lopt/hyper_v2.py ({@code initial_rms_decays=(0.999,)}).
 */
final class HyperV2Accumulators {
    static final double[] MOMENTUM_DECAYS = MlpLOpt.DECAYS;
    static final int MOMENTA = MOMENTUM_DECAYS.length;
    static final double RMS_DECAY = 0.999;

    private HyperV2Accumulators() { }

    /** The momenta [n, M] after gradient {@code g} [n]. */
    static Var momentum(Ops ops, Var m, Var g) {
        Var d = LoptFeatures.row(ops, MOMENTUM_DECAYS, g.dtype());
        return m.mul(d).add(ops.expandDims(g, 1).mul(d.neg().add(1.0)));
    }

    /** The second moment [n] after gradient {@code g} [n]. */
    static Var rms(Var rms, Var g) {
        return rms.mul(RMS_DECAY).add(g.square().mul(1 - RMS_DECAY));
    }
}
