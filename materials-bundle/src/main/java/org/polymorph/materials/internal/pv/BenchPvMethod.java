package org.polymorph.materials.internal.pv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.runtime.Timing;
import org.polymorph.materials.pv.DesignInputs;
import org.polymorph.materials.pv.PvAdjoint;
import org.polymorph.materials.pv.PvCell;
import org.polymorph.materials.pv.PvDesign;
import org.polymorph.materials.pv.PvSimulator;
import org.polymorph.materials.pv.SunSpectrum;

/**
 * {@code bench.pv}: the forward J–V sweep of deltapv's test_iv p-n junction (50 nm n⁺ on 2.95 µm p, {@code grid_points}
 * points, 0.05 V steps to Voc) and the adjoint gradient of its PCE and of J at every bias with respect to every design
 * input, median of {@code repeats} after five untimed runs, on one thread. The ratio (forward + adjoint)/forward is the
 * cost of a gradient in forward solves; central differences would cost 2 × inputs solves. deltapv itself (JAX) is not
 * installable here, so no peer runs.
 */
public final class BenchPvMethod implements Method {
    @Override public String id() { return "bench.pv"; }

    @Override public String description() {
        return "dPV: forward J-V sweep time (deltapv test_iv p-n junction) and the adjoint gradient's cost in forward solves";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.integer("grid_points", 500, "", 10, 100_000, "grid points of the p-n junction"),
                ParamSpec.integer("repeats", 5, "", 1, 1000, "timed runs of each (median)"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Result run(Params p, Progress progress, RunDirectory dir) throws IOException {
        Map<String, Object> json;
        try (InputStream in = BenchPvMethod.class.getResourceAsStream("/pv/pn-homojunction.json")) {
            json = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        json.put("grid_points", (long) p.getInt("grid_points"));
        PvDesign design = PvDesign.parse(json, null);
        SunSpectrum sun = SunSpectrum.standard();
        int repeats = p.getInt("repeats");
        PvCell cell = design.cell(sun);
        PvSimulator.Result fwd = PvSimulator.simulate(cell, design.voltageStep(), sun.totalPower());
        progress.message("bench.pv: forward sweeps");
        double forward = Timing.median(Timing.samples(() -> PvSimulator.simulate(design.cell(sun), design.voltageStep(), sun.totalPower()), 5, repeats));
        progress.checkCancelled("bench.pv: after the forward sweeps");
        progress.message("bench.pv: adjoint gradients");
        double adjoint = Timing.median(Timing.samples(() -> PvAdjoint.gradient(design, sun, cell, fwd), 5, repeats));
        int inputs = DesignInputs.names(design).size();
        double ratio = (forward + adjoint) / forward;
        return Result.builder().put("grid_points", design.gridPoints()).put("biases", fwd.voltage().length).put("inputs", inputs)
                .put("pce", fwd.pce()).put("forward_seconds", forward).put("adjoint_seconds", adjoint)
                .put("gradient_seconds", forward + adjoint).put("gradient_over_forward", ratio)
                .put("central_differences_seconds_estimate", 2 * inputs * forward)
                .summary(String.format(Locale.ROOT, "forward sweep (%d points, %d biases) %.4f s (goal <= 0.2 s); gradient of PCE and J(V) w.r.t. %d inputs: "
                        + "forward + adjoint %.4f s = %.2f forward solves (goal <= 2); central differences would take %d solves",
                        design.gridPoints(), fwd.voltage().length, forward, inputs, forward + adjoint, ratio, 2 * inputs))
                .build();
    }
}
