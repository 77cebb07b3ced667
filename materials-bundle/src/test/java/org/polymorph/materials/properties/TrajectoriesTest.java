package org.polymorph.materials.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.polymorph.materials.space.Box;

class TrajectoriesTest {
    private static double[][] oscillators(double[] nu, double dt, int frames) {
        double[][] v = new double[frames][3 * nu.length];
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < nu.length; i++) v[t][3 * i] = -2 * Math.PI * nu[i] * Math.sin(2 * Math.PI * nu[i] * t * dt) / nu[i];
        }
        return v;
    }

    @Test
    void vdosOfAHarmonicOscillatorPeaksAtItsFrequency() {
        double nu0 = 5.0;        // THz
        double dt = 0.002;       // ps
        Trajectories.Vdos d = Trajectories.vdos(oscillators(new double[] {nu0}, dt, 4096), dt, null);
        double dnu = d.frequency()[1];
        assertEquals(1 / (8192 * dt), dnu, 1e-12, "zero-padded to 2T");
        assertEquals(nu0, d.peak(), dnu);
        double area = 0;
        for (double x : d.density()) area += x * dnu;
        assertEquals(1, area, 1e-12);
        for (int k = 0; k < 100; k++) assertEquals(Math.cos(2 * Math.PI * nu0 * k * dt), d.vacf()[k], 0.01, "VACF at lag " + k);
    }

    @Test
    void massWeightingSelectsTheHeavyOscillator() {
        double dt = 0.002;
        double[][] v = oscillators(new double[] {3.0, 7.0}, dt, 2048);   // equal velocity amplitudes
        Trajectories.Vdos plain = Trajectories.vdos(v, dt, null);
        Trajectories.Vdos heavy7 = Trajectories.vdos(v, dt, new double[] {1, 10});
        Trajectories.Vdos heavy3 = Trajectories.vdos(v, dt, new double[] {10, 1});
        double dnu = plain.frequency()[1];
        assertEquals(7.0, heavy7.peak(), dnu);
        assertEquals(3.0, heavy3.peak(), dnu);
        assertThrows(IllegalArgumentException.class, () -> Trajectories.vdos(v, dt, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Trajectories.vdos(v, 0, null));
    }

    @Test
    void msdOfABallisticTrajectoryIsVtSquaredAndUnwrappingUndoesWrapping() {
        int frames = 50;
        double dt = 0.1;
        double[] v = {1.0, -0.5, 0.25, 0.3, 0.7, -1.2};
        double[][] r = new double[frames][6];
        for (int t = 0; t < frames; t++) for (int c = 0; c < 6; c++) r[t][c] = 1.0 + c + v[c] * t * dt;
        double v2 = 0;
        for (double x : v) v2 += x * x;
        v2 /= 2;                                   // per atom
        double[] msd = Trajectories.msd(r);
        for (int lag = 0; lag < frames; lag++) assertEquals(v2 * lag * dt * lag * dt, msd[lag], 1e-10 * (1 + msd[lag]), "lag " + lag);
        Box box = Box.orthorhombic(3, 3, 3);
        double[][] wrapped = new double[frames][6];
        for (int t = 0; t < frames; t++) for (int c = 0; c < 6; c++) wrapped[t][c] = r[t][c] - 3 * Math.floor(r[t][c] / 3);
        double[][] back = Trajectories.unwrap(wrapped, box);
        for (int t = 0; t < frames; t++) for (int c = 0; c < 6; c++) assertEquals(r[t][c] - r[0][c], back[t][c] - back[0][c], 1e-12);
        double[] m2 = Trajectories.msd(back);
        for (int lag = 0; lag < frames; lag++) assertEquals(msd[lag], m2[lag], 1e-9);
    }
}
