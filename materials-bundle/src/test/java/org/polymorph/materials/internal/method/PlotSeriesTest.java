package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.report.Plot;
import org.polymorph.materials.properties.EquationOfState;

/** The series of eos.png, neb.png, msd.png and thermo.png: markers where data were computed, curves where they were fitted. */
class PlotSeriesTest {
    @Test
    void eosDrawsTheComputedPointsOverASmoothFitAcrossTheWholeRange() {
        double[] v = {15, 16, 17, 18, 19, 20, 21};
        double[] e = new double[v.length];
        double[] p = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            e[i] = 0.02 * (v[i] - 18) * (v[i] - 18) - 3 + 0.001 * Math.pow(18 - v[i], 3);
            p[i] = -0.04 * (v[i] - 18) * Outputs.GPA_PER_EV_A3;
        }
        EquationOfState.Fit fit = EquationOfState.birchMurnaghan(v, e);
        List<Plot.Panel> panels = EosMethod.plots(v, e, p, fit);
        assertEquals(2, panels.size());
        for (Plot.Panel panel : panels) {
            List<Plot.Series> s = panel.series();
            assertEquals(List.of(Plot.Style.MARKERS, Plot.Style.LINE), s.stream().map(Plot.Series::style).toList(), panel.title());
            assertArrayEquals(v, s.get(0).x(), 0, "a marker at each computed volume");
            double[] cx = s.get(1).x();
            assertEquals(EosMethod.CURVE_POINTS, cx.length, "a smooth curve, not a polyline through the data");
            assertEquals(15, cx[0], 0);
            assertEquals(21, cx[cx.length - 1], 1e-12);
        }
        assertEquals(fit.energy(15), panels.get(0).series().get(1).y()[0], 1e-12);
        assertEquals("pressure (GPa)", panels.get(1).yLabel());
    }

    @Test
    void nebMarksEachImage() {
        Plot.Panel p = NebMethod.plot(new double[] {0, 0.5, 1.1, 1.6}, new double[] {0, 0.2, 0.3, 0.05});
        assertEquals(Plot.Style.LINE_AND_MARKERS, p.series().get(0).style());
        assertEquals("path length (Å)", p.xLabel());
    }

    @Test
    void msdDrawsTheFittedLineOverTheFitWindowOnly() {
        double[] t = {0, 1, 2, 3, 4, 5, 6, 7};
        double[] all = {0, 0.9, 2.1, 3, 4.1, 4.9, 6, 7.1};
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("all", all);
        series.put("Si", all.clone());
        Plot.Panel p = MsdMethod.plot(t, series, 2, 6);
        List<Plot.Series> s = p.series();
        assertEquals(3, s.size());
        Plot.Series fit = s.get(2);
        assertTrue(fit.name().startsWith("fit: 6 D t + c, D = "), fit.name());
        assertArrayEquals(new double[] {2, 6}, fit.x(), 0, "from the fit window's start to its end");
        double slope = MsdMethod.slope(t, all, 2, 6);
        assertEquals(slope * 4, fit.y()[1] - fit.y()[0], 1e-12);
        assertEquals((2.1 + 3 + 4.1 + 4.9 + 6) / 5, (fit.y()[0] + fit.y()[1]) / 2, 1e-12, "the line passes through the window's mean");
    }

    @Test
    void nptThermoAddsPressureAndVolumePanels() {
        double[][] c = new double[9][3];
        for (int k = 0; k < 3; k++) {
            c[1][k] = 0.1 * k;
            c[8][k] = 1000;
        }
        assertEquals(List.of("temperature", "energies"), RunMethod.thermoPanels(c).stream().map(Plot.Panel::title).toList(), "NVE/NVT: no volume panel");
        c[8][2] = 1010;
        List<Plot.Panel> npt = RunMethod.thermoPanels(c);
        assertEquals(List.of("temperature", "energies", "pressure", "volume"), npt.stream().map(Plot.Panel::title).toList());
        assertEquals("V (Å³)", npt.get(3).yLabel());
        assertEquals("P (GPa)", npt.get(2).yLabel());
    }
}
