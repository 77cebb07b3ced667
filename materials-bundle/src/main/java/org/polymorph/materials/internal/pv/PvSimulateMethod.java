package org.polymorph.materials.internal.pv;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.report.Plot;
import org.polymorph.materials.internal.method.Outputs;
import org.polymorph.materials.pv.PvAdjoint;
import org.polymorph.materials.pv.PvCell;
import org.polymorph.materials.pv.PvDesign;
import org.polymorph.materials.pv.PvSimulator;
import org.polymorph.materials.pv.SunSpectrum;

/**
 * pv.simulate: the J–V curve of a solar-cell design by 1-D drift-diffusion (deltapv's physics, {@link PvSimulator}).
 * result.json: V (V), J (A/cm², positive at short circuit), Voc (V), Jsc (A/cm²), FF, PCE (%), Pmax (W/m²), Vmpp (V);
 * files iv.csv, iv.png (J–V and P–V), bands.png (Ec, Ev, Efn, Efp at equilibrium and at the maximum-power bias),
 * carriers.png (n, p, G, R) and state.csv (the profiles at both); with {@code gradients=true} also ∂PCE/∂θ for every
 * design input (dPCE by key path) and gradients.csv (∂PCE/∂θ and ∂J/∂θ at every bias), by {@link PvAdjoint}.
 */
public final class PvSimulateMethod implements Method {
    @Override public String id() { return "pv.simulate"; }

    @Override public String description() {
        return "drift-diffusion solar cell (as deltapv): J-V sweep, Voc, Jsc, FF, PCE; iv.csv, iv.png, bands.png, carriers.png, state.csv";
    }

    @Override public List<ParamSpec> params() {
        return List.of(
                ParamSpec.text("design", null, "design JSON file, or the design's JSON text itself (grid_points, layers, contacts, voltage_step)"),
                ParamSpec.text("spectrum", "", "CSV of wavelength (nm), power (W/m²); empty: deltapv's default sun spectrum"),
                ParamSpec.bool("gradients", false, "also the adjoint gradients of PCE and of J at every bias w.r.t. every design input: dPCE in "
                        + "result.json, gradients.csv"));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        String spec = p.getString("design").strip();
        PvDesign design = PvInputs.design(spec, "design");
        SunSpectrum sun = PvInputs.spectrum(p.getString("spectrum"));
        long t0 = System.nanoTime();
        PvCell cell = design.cell(sun);
        PvSimulator.Result r;
        try {
            r = PvSimulator.simulate(cell, design.voltageStep(), sun.totalPower());
        } catch (ArithmeticException e) {
            throw BadInputException.forParam("design", PvInputs.abbreviate(spec),
                    "the drift-diffusion solve failed (" + e.getMessage() + ")", "check the material parameters and doping, or refine grid_points");
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        progress.update(1, 1, String.format(Locale.ROOT, "PCE %.3f %%, Voc %.4f V", r.pce(), r.voc()));
        write(dir, design, cell, r);
        List<String> files = new ArrayList<>(List.of("iv.csv", "iv.png", "bands.png", "carriers.png", "state.csv"));
        Result.Builder out = Result.builder().put("V", r.voltage()).put("J", r.current()).put("Voc", r.voc()).put("Jsc", r.jsc())
                .put("FF", r.fillFactor()).put("PCE", r.pce()).put("Pmax", r.pmax()).put("Vmpp", r.vmpp())
                .put("incident_power", sun.totalPower()).put("grid_points", design.gridPoints()).put("seconds", seconds);
        if (p.getBoolean("gradients")) {
            long t1 = System.nanoTime();
            PvAdjoint.Gradient g = PvAdjoint.gradient(design, sun, cell, r);
            Map<String, Object> dPce = new LinkedHashMap<>();
            for (int i = 0; i < g.names().size(); i++) dPce.put(g.names().get(i), g.pce()[i]);
            writeGradients(dir, g);
            files.add("gradients.csv");
            out.put("dPCE", dPce).put("gradient_seconds", (System.nanoTime() - t1) * 1e-9);
        }
        return out.put("files", files).build();
    }

    /**
     * gradients.csv: one row per design input (its key path), ∂PCE/∂θ (% per design unit) and ∂J/∂θ (A/cm² per design
     * unit) at each bias of the sweep.
     */
    private static void writeGradients(RunDirectory dir, PvAdjoint.Gradient g) throws IOException {
        double[] v = g.forward().voltage();
        StringBuilder sb = new StringBuilder("input,dPCE");
        for (double vk : v) sb.append(String.format(Locale.ROOT, ",dJ_at_%.4fV", vk));
        sb.append('\n');
        for (int i = 0; i < g.names().size(); i++) {
            sb.append(g.names().get(i)).append(',').append(g.pce()[i]);
            for (int k = 0; k < v.length; k++) sb.append(',').append(g.current()[k][i]);
            sb.append('\n');
        }
        dir.writeString("gradients.csv", sb.toString());
    }

    private static void write(RunDirectory dir, PvDesign design, PvCell cell, PvSimulator.Result r) throws IOException {
        double[] v = r.voltage(), j = r.current();
        double[] pw = new double[v.length];
        List<double[]> rows = new ArrayList<>();
        for (int k = 0; k < v.length; k++) {
            pw[k] = v[k] * j[k] * 1e4;
            rows.add(new double[] {v[k], j[k], pw[k]});
        }
        Outputs.csv(dir, "iv.csv", "V_V,J_A_per_cm2,P_W_per_m2", rows);
        double[] jm = new double[j.length];
        for (int k = 0; k < j.length; k++) jm[k] = 1e3 * j[k];
        dir.writeBytes("iv.png", Plot.png(List.of(
                new Plot.Panel(String.format(Locale.ROOT, "J-V: Voc %.4f V, Jsc %.3f mA/cm², FF %.4f, PCE %.3f %%", r.voc(), 1e3 * r.jsc(), r.fillFactor(), r.pce()),
                        "V (V)", "J (mA/cm²)").linePoints("J", v, jm),
                new Plot.Panel(String.format(Locale.ROOT, "P-V: Pmax %.2f W/m² at %.3f V", r.pmax(), r.vmpp()), "V (V)", "P (W/m²)").linePoints("P", v, pw))));
        int mpp = 0;
        for (int k = 1; k < v.length; k++) if (Math.abs(v[k] - r.vmpp()) < Math.abs(v[mpp] - r.vmpp())) mpp = k;
        PvCell.Profiles eq = cell.profiles(r.equilibrium());
        PvCell.Profiles op = cell.profiles(r.states().get(mpp));
        double[] xum = design.gridCm();
        for (int i = 0; i < xum.length; i++) xum[i] *= 1e4;
        String at = String.format(Locale.ROOT, "%.2f V", v[mpp]);
        dir.writeBytes("bands.png", Plot.png(List.of(
                new Plot.Panel("bands at equilibrium", "x (µm)", "energy (eV)").add("Ec", xum, eq.ec()).add("Ev", xum, eq.ev()).add("Ef", xum, eq.efn()),
                new Plot.Panel("bands at the maximum-power bias " + at, "x (µm)", "energy (eV)")
                        .add("Ec", xum, op.ec()).add("Ev", xum, op.ev()).add("Efn", xum, op.efn()).add("Efp", xum, op.efp()))));
        dir.writeBytes("carriers.png", Plot.png(List.of(
                new Plot.Panel("densities at " + at, "x (µm)", "density (cm⁻³)").add("n", xum, positive(op.n())).add("p", xum, positive(op.p())).logY(),
                new Plot.Panel("generation and recombination at " + at, "x (µm)", "rate (cm⁻³ s⁻¹)")
                        .add("G", xum, positive(op.g())).add("R", xum, positive(op.r())).logY())));
        List<double[]> st = new ArrayList<>();
        for (int i = 0; i < xum.length; i++) {
            st.add(new double[] {xum[i], eq.ec()[i], eq.ev()[i], eq.efn()[i], eq.n()[i], eq.p()[i],
                op.ec()[i], op.ev()[i], op.efn()[i], op.efp()[i], op.n()[i], op.p()[i], op.g()[i], op.r()[i]});
        }
        Outputs.csv(dir, "state.csv", "x_um,Ec_eq_eV,Ev_eq_eV,Ef_eq_eV,n_eq_cm3,p_eq_cm3,Ec_mpp_eV,Ev_mpp_eV,Efn_mpp_eV,Efp_mpp_eV,"
                + "n_mpp_cm3,p_mpp_cm3,G_cm3s,R_cm3s", st);
    }

    /** Values for a log axis: non-positive entries are floored at 1e-300 of the largest. */
    private static double[] positive(double[] a) {
        double max = 0;
        for (double x : a) max = Math.max(max, x);
        double floor = max > 0 ? max * 1e-30 : 1;
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) out[i] = Math.max(out[i], floor);
        return out;
    }
}
