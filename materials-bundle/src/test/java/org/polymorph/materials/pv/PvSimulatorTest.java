package org.polymorph.materials.pv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.runtime.Json;

/** The forward simulator against deltapv's {@code test.py::test_iv} and the physics it must satisfy. */
class PvSimulatorTest {
    /** deltapv test_iv: 50 nm n (1e17) on 2.95 µm p (1e15), 500 points, Snl = Spr = 1e7, Snr = Spl = 0. */
    static final String HOMOJUNCTION = """
            {"grid_points": 500,
             "layers": [
               {"thickness_um": 0.05, "doping_cm3": 1e17,
                "material": {"Eg": 1.5, "Chi": 3.9, "eps": 9.4, "Nc": 8e17, "Nv": 1.8e19, "mu_n": 100, "mu_p": 100,
                             "tau_n": 1e-8, "tau_p": 1e-8, "Et": 0, "A": 1e4}},
               {"thickness_um": 2.95, "doping_cm3": -1e15, "material": "@0"}],
             "contacts": {"Sn_left": 1e7, "Sp_left": 0, "Sn_right": 0, "Sp_right": 1e7},
             "voltage_step": 0.05}
            """;

    /** deltapv test_iv's expected currents (A/cm²) at 0, 0.05, …, 0.95 V. */
    static final double[] J_DELTAPV = {
        0.01882799450659129, 0.018753370994746384, 0.018675073222852775, 0.018592788678882418, 0.01850616015841796,
        0.018414776404918568, 0.018318159501526814, 0.01821574845029824, 0.018106874755825324, 0.0179907188741479,
        0.017866203205496447, 0.017731661626627034, 0.017583825887487907, 0.01741498506998538, 0.017204823904941775,
        0.01689387681804267, 0.01628556057166174, 0.014630769395991339, 0.008610345709349041, -0.018267911703588706};

    @SuppressWarnings("unchecked")
    static PvDesign homojunction() {
        return PvDesign.parse((Map<String, Object>) Json.parse(HOMOJUNCTION), null);
    }

    @Test
    void homojunctionMatchesDeltapv() {
        PvDesign d = homojunction();
        SunSpectrum sun = SunSpectrum.standard();
        PvCell cell = d.cell(sun);
        PvSimulator.Result r = PvSimulator.simulate(cell, d.voltageStep(), sun.totalPower());
        assertEquals(J_DELTAPV.length, r.current().length, "bias steps until the current changes sign");
        double worst = 0;
        for (int k = 0; k < J_DELTAPV.length; k++) {
            assertEquals(0.05 * k, r.voltage()[k], 1e-12);
            worst = Math.max(worst, Math.abs(r.current()[k] - J_DELTAPV[k]) / Math.abs(J_DELTAPV[k]));
        }
        System.out.printf(Locale.ROOT, "test_iv: worst relative deviation of J from deltapv %.3e; PCE %.4f %%, Voc %.4f V, FF %.4f%n",
                worst, r.pce(), r.voc(), r.fillFactor());
        assertTrue(worst < 1e-6, "J within 1e-6 relative of deltapv, worst " + worst);
        assertTrue(r.voc() > 0.9 && r.voc() < 0.95, "Voc between the last two biases: " + r.voc());
        assertEquals(J_DELTAPV[0], r.jsc(), 1e-6 * J_DELTAPV[0]);
        assertTrue(r.pmax() > 0.9 * 0.0162855 * 0.8e4 && r.fillFactor() > 0.5 && r.fillFactor() < 1, "Pmax, FF " + r.pmax() + " " + r.fillFactor());
    }
}
