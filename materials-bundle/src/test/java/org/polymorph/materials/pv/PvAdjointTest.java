package org.polymorph.materials.pv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.runtime.Json;

/** Adjoint gradients of PCE and J(V) against central differences of the whole simulation. */
class PvAdjointTest {
    /** A hetero-structure touching every input: three materials, Schottky left contact, Auger, radiative, traps. */
    static final String HETERO = """
            {"grid_points": 100,
             "layers": [
               {"thickness_um": 0.05, "doping_cm3": 4.36e18,
                "material": {"Eg": 2.0, "Chi": 4.70, "eps": 19.6, "Nc": 6.83e18, "Nv": 3.51e19, "mu_n": 5.31, "mu_p": 42.0,
                             "tau_n": 1e-6, "tau_p": 1e-6, "Et": 0.05, "A": 2e4, "Br": 1e-11, "Cn": 1e-30, "Cp": 2e-30}},
               {"thickness_um": 1.1, "doping_cm3": 1e12,
                "material": {"Eg": 1.5, "Chi": 3.9, "eps": 10, "Nc": 3.9e18, "Nv": 2.7e18, "mu_n": 2, "mu_p": 2,
                             "tau_n": 1e-6, "tau_p": 5e-7, "Et": -0.1, "A": 2e4, "Br": 2.3e-9, "Cn": 1e-29, "Cp": 1e-29}},
               {"thickness_um": 0.05, "doping_cm3": -4.4e17,
                "material": {"Eg": 2.53, "Chi": 2.52, "eps": 6.93, "Nc": 2.62e19, "Nv": 1.87e18, "mu_n": 2.9, "mu_p": 1.6,
                             "tau_n": 1e-6, "tau_p": 1e-6, "Et": 0, "A": 1.5e4, "Br": 1e-10, "Cn": 3e-30, "Cp": 1e-30}}],
             "contacts": {"Sn_left": 1e7, "Sp_left": 1e5, "Sn_right": 3e5, "Sp_right": 1e7},
             "voltage_step": 0.05}
            """;


    @SuppressWarnings("unchecked")
    static PvDesign hetero() {
        return PvDesign.parse((Map<String, Object>) Json.parse(HETERO), null);
    }

    @Test
    void heterostructureGradientsEqualCentralDifferences() {
        check(hetero());
    }

    @Test
    void schottkyHomojunctionGradientsEqualCentralDifferences() {
        Map<String, Object> j = PvSimulatorTest.homojunction().toJson();
        j.put("grid_points", 200);
        PvDesign d = DesignInputs.with(PvDesign.parse(j, null), Map.of("contacts.PhiM_left", 3.95, "contacts.Sn_right", 1e3,
                "contacts.Sp_left", 10.0, "layers[1].material.Br", 1e-10, "layers[1].material.Cn", 1e-30, "layers[1].material.Cp", 1e-30));
        check(d);
    }

    /**
     * ∂PCE/∂θ and ∂J/∂θ at the first and the middle bias against the fourth-order central difference
     * [8(f(θ+h) − f(θ−h)) − (f(θ+2h) − f(θ−2h))]/(12h), h = 10⁻³|θ| (10⁻⁴ eV for energies), of the whole
     * simulation solved to 10⁻¹⁰ kT/q; compared as sensitivities θ·∂f/∂θ, to 10⁻⁶ of themselves, or to 10⁻⁶ of the
     * largest sensitivity for inputs the output hardly depends on (there the difference quotient is rounding noise).
     */
    private static void check(PvDesign d) {
        SunSpectrum sun = SunSpectrum.standard();
        double tol = 1e-10;
        PvAdjoint.Gradient g = PvAdjoint.gradient(d, sun, tol);
        int m = g.forward().voltage().length;
        int[] biases = {0, m / 2};
        List<String> paths = DesignInputs.names(d);
        int outputs = 1 + biases.length;
        double[][] adj = new double[outputs][paths.size()], fd = new double[outputs][paths.size()], scale = new double[outputs][paths.size()];
        double[] largest = new double[outputs];
        for (int p = 0; p < paths.size(); p++) {
            String path = paths.get(p);
            double th = DesignInputs.get(d, path, path);
            if (path.contains("PhiM") && th <= 0) continue; // an ohmic contact has no work function
            if (th == 0 && !path.endsWith("Et")) continue;  // a zero rate or velocity cannot be stepped below zero
            // energies enter as e^(E/kT), and α ∝ √(hc/λ − Eg) bends sharply where a spectral line sits just above the
            // gap: they take an absolute step of 10⁻⁴ eV
            boolean energy = path.endsWith("Eg") || path.endsWith("Chi") || path.endsWith("Et") || path.contains("PhiM");
            double h = energy ? 1e-4 : 1e-3 * Math.abs(th);
            double[][] f = new double[4][];
            double[] steps = {h, -h, 2 * h, -2 * h};
            for (int s = 0; s < 4; s++) {
                PvSimulator.Result r = run(DesignInputs.with(d, Map.of(path, th + steps[s])), sun, tol);
                assertEquals(m, r.voltage().length, path + ": the perturbed sweep has as many biases");
                f[s] = new double[] {r.pce(), r.current()[biases[0]], r.current()[biases[1]]};
            }
            double[] a = {g.pce(path), g.current(biases[0], path), g.current(biases[1], path)};
            double mag = th != 0 ? Math.abs(th) : 1;
            for (int o = 0; o < outputs; o++) {
                fd[o][p] = (8 * (f[0][o] - f[1][o]) - (f[2][o] - f[3][o])) / (12 * h);
                adj[o][p] = a[o];
                scale[o][p] = mag;
                largest[o] = Math.max(largest[o], mag * Math.abs(fd[o][p]));
            }
        }
        double worst = 0;
        String at = "";
        for (int o = 0; o < outputs; o++) {
            for (int p = 0; p < paths.size(); p++) {
                double err = scale[o][p] * Math.abs(adj[o][p] - fd[o][p]) / Math.max(scale[o][p] * Math.abs(fd[o][p]), largest[o]);
                if (err > worst) {
                    worst = err;
                    at = String.format(Locale.ROOT, "%s of output %d: adjoint %.10e, differences %.10e", paths.get(p), o, adj[o][p], fd[o][p]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "adjoint vs central differences (PCE %.4f %%, %d biases): worst %.2e at %s%n", g.forward().pce(), m, worst, at);
        assertTrue(worst < 1e-6, "worst relative deviation " + worst + " at " + at);
    }

    static PvSimulator.Result run(PvDesign d, SunSpectrum sun, double tol) {
        return PvSimulator.simulate(d.cell(sun), d.voltageStep(), sun.totalPower(), tol);
    }
}
