package org.polymorph.materials.pv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.polymorph.core.runtime.Json;
import org.polymorph.core.runtime.PythonPeer;

/** deltapv's {@code util.dpol}: its value against numpy, its gradient against central differences. */
class IvDiscrepancyTest {
    /** Curve 2: deltapv's test_iv currents (20 biases); curve 1: a distorted, shorter sweep of the same cell. */
    static final double[] J2 = PvSimulatorTest.J_DELTAPV;
    static final double[] J1 = distorted();

    static double[] distorted() {
        double[] j = new double[19];
        for (int k = 0; k < j.length; k++) j[k] = J2[k] * (1 + 0.03 * Math.sin(0.7 * k)) - 2e-3 * k * k / 361.0;
        j[18] = -0.01;
        return j;
    }

    static double[] biases(int m) {
        double[] v = new double[m];
        for (int k = 0; k < m; k++) v[k] = 0.05 * k;
        return v;
    }

    @Test
    void zeroForTheSameCurveAndPositiveOtherwise() {
        double[] v2 = biases(J2.length);
        assertEquals(0.0, IvDiscrepancy.value(v2, J2, v2, J2), 0.0);
        assertTrue(IvDiscrepancy.value(biases(J1.length), J1, v2, J2) > 1e-4);
        double[] t = IvDiscrepancy.angles();
        assertEquals(IvDiscrepancy.ANGLES, t.length);
        assertEquals(0.0, t[0], 0.0);
        assertEquals(Math.PI / 2, t[t.length - 1], 0.0);
    }

    @Test
    void gradientEqualsCentralDifferences() {
        double[] v1 = biases(J1.length), v2 = biases(J2.length);
        IvDiscrepancy.Gradient g = IvDiscrepancy.gradient(v1, J1, v2, J2);
        assertEquals(IvDiscrepancy.value(v1, J1, v2, J2), g.value(), 0.0);
        double scale = 0;
        for (double d : g.dCurrent()) scale = Math.max(scale, Math.abs(d));
        assertTrue(scale > 0);
        for (int i = 0; i < J1.length; i++) {
            double h = 1e-7;
            double[] jp = J1.clone(), jm = J1.clone();
            jp[i] += h;
            jm[i] -= h;
            double fd = (IvDiscrepancy.value(v1, jp, v2, J2) - IvDiscrepancy.value(v1, jm, v2, J2)) / (2 * h);
            assertEquals(fd, g.dCurrent()[i], 1e-7 * scale, "dD/dJ_" + i);
        }
    }

    @Test
    void valueEqualsNumpy() throws IOException {
        String script;
        try (InputStream in = IvDiscrepancyTest.class.getResourceAsStream("dpol_numpy.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        double[] v1 = biases(J1.length), v2 = biases(J2.length);
        String curves = Json.write(Map.of("v1", v1, "j1", J1, "v2", v2, "j2", J2), false);
        Map<String, Object> out = PythonPeer.run("CURVES = " + curves + "\n" + script, 1, 120, List.of("numpy"));
        Assumptions.assumeFalse(out.containsKey("unavailable"), String.valueOf(out.get("unavailable")));
        double numpy = ((Number) out.get("value")).doubleValue();
        double ours = IvDiscrepancy.value(v1, J1, v2, J2);
        System.out.println("dpol: ours " + ours + ", numpy " + numpy);
        assertEquals(numpy, ours, 1e-10 * numpy);
    }
}
