package org.polymorph.materials.internal.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.polymorph.core.report.Plot;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.dynamics.ForceField;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.minimize.Criteria;
import org.polymorph.materials.internal.minimize.Minimizers;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.properties.EquationOfState;
import org.polymorph.materials.structure.Atoms;

/**
 * md.eos: the energy–volume curve of a structure scaled uniformly about its volume (as ASE's
 * EquationOfState), optionally relaxing the positions at each volume, fitted by third-order
 * Birch–Murnaghan ({@link EquationOfState}): V₀ and E₀ per atom, B₀ (GPa), B₀', the lattice constant
 * at V₀ for a named lattice. Each point's pressure from the virial is written next to −dE/dV of the
 * fit. Writes {@code eos.csv} and {@code eos.png}.
 */
public final class EosMethod implements Method {
    private final PotentialCatalog potentials;

    /** {@code potentials}: the pair styles that {@code potential=} names. */
    public EosMethod(PotentialCatalog potentials) { this.potentials = potentials; }

    @Override public String id() { return "md.eos"; }

    @Override public String description() {
        return "equation of state: energy-volume scan fitted by Birch-Murnaghan; V0 (Å³/atom), E0 (eV/atom), B0 (GPa), B0'; eos.csv, eos.png";
    }

    @Override public List<ParamSpec> params() {
        return Structures.join(Structures.structureParams(), Structures.potentialParams(potentials), List.of(
                ParamSpec.real("volume_range", 0.06, "", 0.001, 0.5, "volumes from (1 − range) to (1 + range) × the given volume"),
                ParamSpec.integer("points", 11, "points", 5, 1001, "number of volumes"),
                ParamSpec.bool("relax", false, "relax the positions at each volume (L-BFGS; the cell shape is kept)"),
                ParamSpec.real("fmax", 1e-4, "eV/Å", 1e-10, 10, "force tolerance of relax=true")));
    }

    /** Points of the smooth fitted curves in eos.png. */
    static final int CURVE_POINTS = 200;

    /**
     * eos.png's panels: the computed energies and virial pressures as markers over the Birch-Murnaghan fit
     * E(V) and P(V) = −dE/dV drawn as smooth curves across the whole scanned range ({@code vol} [n] Å³/atom,
     * {@code energy} [n] eV/atom, {@code pressure} [n] GPa).
     */
    static List<Plot.Panel> plots(double[] vol, double[] energy, double[] pressure, EquationOfState.Fit fit) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double v : vol) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        double[] v = new double[CURVE_POINTS];
        double[] e = new double[CURVE_POINTS];
        double[] pr = new double[CURVE_POINTS];
        for (int k = 0; k < CURVE_POINTS; k++) {
            v[k] = lo + (hi - lo) * k / (CURVE_POINTS - 1);
            e[k] = fit.energy(v[k]);
            pr[k] = fit.pressure(v[k]) * Outputs.GPA_PER_EV_A3;
        }
        double b0 = fit.b0() * Outputs.GPA_PER_EV_A3;
        return List.of(
                new Plot.Panel(String.format(Locale.ROOT, "Birch-Murnaghan: V0 = %.4f Å³/atom, B0 = %.2f GPa, B0' = %.3f", fit.v0(), b0, fit.b0Prime()),
                        "volume (Å³/atom)", "energy (eV/atom)").points("computed", vol, energy).add("Birch-Murnaghan fit", v, e),
                new Plot.Panel("pressure: virial vs −dE/dV of the fit", "volume (Å³/atom)", "pressure (GPa)")
                        .points("virial", vol, pressure).add("−dE/dV of the fit", v, pr));
    }

    @Override
    public Result run(Params p, Progress progress, RunDirectory dir) throws Exception {
        Atoms atoms = Structures.load(p);
        if (!(atoms.box().allPeriodic())) {
            throw BadInputException.forParam("structure", "non-periodic", "an equation of state needs a cell periodic on all axes",
                    "give a periodic structure");
        }
        Potential pot = Structures.potential(potentials, p, atoms);
        ForceField ff = new CancellableForceField(PotentialForceField.of(pot, 0.5), progress, "md.eos");
        int n = p.getInt("points");
        double range = p.getDouble("volume_range");
        int natoms = atoms.size();
        double v1 = atoms.box().volume();
        double[] vol = new double[n];
        double[] energy = new double[n];
        double[] pressure = new double[n];
        for (int i = 0; i < n; i++) {
            double f = 1 - range + 2 * range * i / (n - 1);
            double s = Math.cbrt(f) - 1;
            Atoms a = atoms.strained(new double[] {s, 0, 0, 0, s, 0, 0, 0, s});
            if (p.getBoolean("relax")) a = Minimizers.lbfgs(ff, new Criteria(p.getDouble("fmax"), 1, 10_000)).minimize(a).atoms();
            Evaluation ev = ff.compute(a, null).evaluation();
            double v = a.box().volume();
            vol[i] = v / natoms;
            energy[i] = ev.energy() / natoms;
            pressure[i] = Outputs.pressure(Outputs.stressGPa(ev.virial(), v));
            progress.update(i + 1, n, String.format(Locale.ROOT, "V = %.4f Å³/atom, E = %.6f eV/atom", vol[i], energy[i]));
        }
        EquationOfState.Fit fit;
        try {
            fit = EquationOfState.birchMurnaghan(vol, energy);
        } catch (IllegalArgumentException e) {
            throw BadInputException.forParam("volume_range", range, e.getMessage(),
                    "centre the structure near its equilibrium volume (e.g. a= of the lattice) or widen volume_range");
        }
        double b0 = fit.b0() * Outputs.GPA_PER_EV_A3;
        List<double[]> rows = new ArrayList<>();
        double[] fitE = new double[n];
        double[] fitP = new double[n];
        double worstP = 0;
        for (int i = 0; i < n; i++) {
            fitE[i] = fit.energy(vol[i]);
            fitP[i] = fit.pressure(vol[i]) * Outputs.GPA_PER_EV_A3;
            worstP = Math.max(worstP, Math.abs(fitP[i] - pressure[i]));
            rows.add(new double[] {vol[i], energy[i], pressure[i], fitE[i], fitP[i]});
        }
        Outputs.csv(dir, "eos.csv", "volume_A3_per_atom,energy_eV_per_atom,pressure_GPa,fit_energy_eV_per_atom,fit_pressure_GPa", rows);
        dir.writeBytes("eos.png", Plot.png(plots(vol, energy, pressure, fit)));
        Result.Builder out = Result.builder().put("natoms", natoms).put("points", n)
                .put("V0", fit.v0()).put("E0", fit.e0()).put("B0", b0).put("B0_prime", fit.b0Prime())
                .put("scale0", Math.cbrt(fit.v0() * natoms / v1)).put("rms_meV", fit.rms() * 1000)
                .put("max_pressure_misfit_GPa", worstP).put("files", List.of("eos.csv", "eos.png"));
        if (!"none".equals(p.getString("lattice"))) out.put("a0", p.getDouble("a") * Math.cbrt(fit.v0() * natoms / v1));
        return out.summary(String.format(Locale.ROOT, "V0 = %.5f Å³/atom, E0 = %.6f eV/atom, B0 = %.3f GPa, B0' = %.3f (fit rms %.2g meV/atom)",
                fit.v0(), fit.e0(), b0, fit.b0Prime(), fit.rms() * 1000)).build();
    }
}
