package org.polymorph.materials.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    @Test
    void removingTheDriftLeavesOnlyMotionRelativeToTheCentreOfMass() {
        // two atoms (1 and 3 amu) vibrating against each other about a fixed centre of mass, the whole pair carried at
        // u = (2, -1, 0.5) Å/ps: the drift-free frames are the vibration alone, and the MSD that of the vibration
        int frames = 40;
        double dt = 0.05;
        double[] m = {1.0, 3.0};
        double[] u = {2.0, -1.0, 0.5};
        double[][] still = new double[frames][6];
        double[][] carried = new double[frames][6];
        for (int t = 0; t < frames; t++) {
            double x = 0.3 * Math.sin(7.0 * t * dt);
            for (int d = 0; d < 3; d++) {
                still[t][d] = 1.0 + d + 3 * x;          // atom 0 moves 3x, atom 1 −x: Σ m·Δr = 0
                still[t][3 + d] = 4.0 + d - x;
                carried[t][d] = still[t][d] + u[d] * t * dt;
                carried[t][3 + d] = still[t][3 + d] + u[d] * t * dt;
            }
        }
        double[][] back = Trajectories.removeDrift(carried, m);
        for (int t = 0; t < frames; t++) for (int c = 0; c < 6; c++) assertEquals(still[t][c], back[t][c], 1e-12, "frame " + t + ", component " + c);
        double[] msd = Trajectories.msd(still);
        double[] drifted = Trajectories.msd(carried);
        double[] removed = Trajectories.msd(back);
        for (int lag = 1; lag < frames; lag++) assertEquals(msd[lag], removed[lag], 1e-10, "lag " + lag);
        assertTrue(drifted[frames - 1] > msd[frames - 1] + 1, "the drift dominates the raw MSD: " + drifted[frames - 1]);
        assertThrows(IllegalArgumentException.class, () -> Trajectories.removeDrift(carried, new double[] {1.0}));
        assertThrows(IllegalArgumentException.class, () -> Trajectories.removeDrift(carried, new double[] {1.0, 0.0}));
    }
}
