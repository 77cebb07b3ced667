package org.polymorph.analysis.internal.dks;

import java.util.List;
import org.polymorph.analysis.dks.Activation;
import org.polymorph.analysis.dks.ActivationTransform;
import org.polymorph.analysis.dks.Dks;
import org.polymorph.analysis.dks.Subnetwork;
import org.polymorph.analysis.dks.TransformSolver;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;

/**
 * dks.transform: the parameters of φ̂(x) = output_scale·(φ(input_scale·x + input_shift) + output_shift) (and
 * negative_slope for leaky_relu) meeting the DKS or TAT conditions for a subnetwork maximising function, with the
 * local maps the solution reaches. Result keys input_scale, input_shift, output_shift, output_scale
 * (negative_slope for leaky_relu), as google-deepmind/dks names them.
 */
public final class DksTransformMethod implements Method {
    @Override public String id() { return "dks.transform"; }

    @Override public String description() {
        return "DKS/TAT activation transformation: input_scale, input_shift, output_shift, output_scale (dimensionless)";
    }

    @Override public List<ParamSpec> params() { return DksSetup.params("softplus"); }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) {
        progress.message("solving " + p.getString("method") + " for " + p.getString("activation"));
        TransformSolver.Solution s = DksSetup.solve(p);
        ActivationTransform t = s.transform();
        Subnetwork net = Subnetwork.parse("subnet", p.getString("subnet"));
        Result.Builder r = Result.builder()
                .put("activation", t.activation().id()).put("method", p.getString("method"))
                .put("input_scale", t.inputScale()).put("input_shift", t.inputShift())
                .put("output_shift", t.outputShift()).put("output_scale", t.outputScale());
        if (t.activation() == Activation.LEAKY_RELU) r.put("negative_slope", t.negativeSlope());
        double slope = Dks.cMapSlope(t, 1.0);
        r.put(s.localTargetName(), s.localTarget())
                .put("q_1", Dks.qMap(t, 1.0)).put("q_slope_1", Dks.qMapSlope(t, 1.0))
                .put("c_0", Dks.cMap(t, 0.0)).put("c_slope_1_local", slope)
                .put("c_slope_1_network", net.apply(1.0, y -> slope * y));
        if (!t.activation().kinkAtZero() || t.activation() == Activation.ELU) {
            double curve = Dks.cMapCurvature(t, 1.0);
            r.put("c_curve_1_local", curve).put("c_curve_1_network", net.apply(0.0, y -> curve + y));
        }
        if (s.start() >= 0) r.put("starting_point", s.start());
        s.warnings().forEach(r::warn);
        r.summary(t.activation().id() + " " + p.getString("method") + ": input_scale " + DksSetup.fmt(t.inputScale())
                + ", input_shift " + DksSetup.fmt(t.inputShift()) + ", output_shift " + DksSetup.fmt(t.outputShift())
                + ", output_scale " + DksSetup.fmt(t.outputScale())
                + (t.activation() == Activation.LEAKY_RELU ? ", negative_slope " + DksSetup.fmt(t.negativeSlope()) : ""));
        return r.build();
    }
}
