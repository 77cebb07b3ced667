package org.polymorph.analysis.internal.dks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.polymorph.analysis.dks.Activation;
import org.polymorph.analysis.dks.Subnetwork;
import org.polymorph.analysis.dks.TransformSolver;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;

/** The parameters the dks.* Methods share (activation, method, targets, subnet) and the solve they describe. */
final class DksSetup {
    static final String DEFAULT_SUBNET = "chain:50";

    private DksSetup() { }

    /** activation, method and the DKS/TAT targets (reference defaults ζ = 1.5, Q′ = 1, η = 0.9, τ = 0.3). */
    static List<ParamSpec> params(String defaultActivation) {
        List<String> acts = new ArrayList<>();
        for (Activation a : Activation.values()) acts.add(a.id());
        return List.of(
                ParamSpec.choice("activation", defaultActivation, acts, "activation function to transform"),
                ParamSpec.choice("method", "dks", List.of("dks", "tat"), "Deep Kernel Shaping or Tailored Activation Transformation"),
                ParamSpec.real("c_slope_1", 1.5, "", 1.0, 1e6, "DKS: maximal C-map slope ζ over subnetworks (> 1)"),
                ParamSpec.real("local_q_slope", 1.0, "", 0.0, 10.0, "DKS: target local Q-map slope Q'(1)"),
                ParamSpec.real("c_val_0", 0.9, "", 0.0, 1.0, "TAT with leaky_relu: maximal C_f(0) η over subnetworks"),
                ParamSpec.real("c_curve", 0.3, "", 0.0, 1e6, "TAT with smooth activations: maximal C''_f(1) τ over subnetworks (> 0)"),
                ParamSpec.text("subnet", DEFAULT_SUBNET, "architecture's subnetwork maximising function: chain:L (L layers) "
                        + "or resnet:B1,B2,...:w (blocks per group, shortcut weight), e.g. resnet:3,4,23,3:0.6"));
    }

    /** Solves for the transform the parameters ask for; BadInputException naming the parameter on bad input. */
    static TransformSolver.Solution solve(Params p) {
        Activation act = Activation.parse("activation", p.getString("activation"));
        Subnetwork net = Subnetwork.parse("subnet", p.getString("subnet"));
        return "tat".equals(p.getString("method"))
                ? TransformSolver.tat(act, net, p.getDouble("c_val_0"), p.getDouble("c_curve"))
                : TransformSolver.dks(act, net, p.getDouble("c_slope_1"), p.getDouble("local_q_slope"));
    }

    /** A CSV with a header line; numbers in Java's shortest round-trip form. */
    static void csv(RunDirectory dir, String name, String header, List<double[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (double[] r : rows) {
            for (int i = 0; i < r.length; i++) sb.append(i == 0 ? "" : ",").append(r[i]);
            sb.append('\n');
        }
        dir.writeString(name, sb.toString());
    }

    static String fmt(double v) { return String.format(Locale.ROOT, "%.10g", v); }
}
