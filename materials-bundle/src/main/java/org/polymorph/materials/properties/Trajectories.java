package org.polymorph.materials.properties;

import org.polymorph.materials.dynamics.Thermo;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.space.MinimumImage;

/**
 * Trajectory analysis in plain Java over frames {@code double[T][3N]}: the vibrational density of
 * states from the velocity autocorrelation, the mean-squared displacement and position unwrapping.
 */
public final class Trajectories {
    private Trajectories() { }

    /**
     * VDOS: frequencies [M] (THz for dt in ps), density [M] normalised to unit area, the normalised
     * velocity autocorrelation C(t)/C(0) [T] and its times [T] (ps).
     */
    public record Vdos(double[] frequency, double[] density, double[] vacf, double[] time) {
        /** The frequency of the largest density (THz). */
        public double peak() {
            int best = 0;
            for (int k = 1; k < density.length; k++) if (density[k] > density[best]) best = k;
            return frequency[best];
        }
    }

    /**
     * The zero-padded length of {@link #vdos}'s transforms for {@code frames} frames: the smallest power
     * of two ≥ 2·frames, so the circular autocorrelation has no wrap-around; frequencies are
     * ν_k = k / (length·dt).
     *
     * @since 2.0.0
     */
    public static int fftLength(int frames) { return Fft.nextPowerOfTwo(2 * frames); }

    /**
     * VDOS by Wiener–Khinchin: each velocity component is zero-padded to a power of two ≥ 2T and
     * Fourier transformed; |v̂(ν)|² summed over components (weighted by the atom's mass when
     * {@code atomMasses} is given, else 1) is the spectrum, and its inverse transform divided by the
     * number of overlapping origins (T − t) is the autocorrelation. ν_k = k / (M·dt).
     */
    public static Vdos vdos(double[][] velocities, double dt, double[] atomMasses) {
        int t = checkFrames("vdos", velocities);
        if (!(dt > 0)) throw new IllegalArgumentException("vdos: dt = " + dt + "; give the frame interval dt > 0 (ps)");
        int dof = velocities[0].length;
        if (atomMasses != null && atomMasses.length * 3 != dof) {
            throw new IllegalArgumentException("vdos: " + atomMasses.length + " masses for " + dof / 3 + " atoms; give one mass per atom");
        }
        int m = fftLength(t);
        double[] power = new double[m];
        double[] re = new double[m];
        double[] im = new double[m];
        for (int c = 0; c < dof; c++) {
            java.util.Arrays.fill(re, 0);
            java.util.Arrays.fill(im, 0);
            for (int k = 0; k < t; k++) re[k] = velocities[k][c];
            Fft.transform(re, im, false);
            double w = atomMasses == null ? 1 : atomMasses[c / 3];
            for (int k = 0; k < m; k++) power[k] += w * (re[k] * re[k] + im[k] * im[k]);
        }
        double[] ar = power.clone();
        double[] ai = new double[m];
        Fft.transform(ar, ai, true);
        double[] vacf = new double[t];
        double[] time = new double[t];
        for (int k = 0; k < t; k++) {
            vacf[k] = ar[k] / (t - k);
            time[k] = k * dt;
        }
        double c0 = vacf[0];
        if (c0 > 0) for (int k = 0; k < t; k++) vacf[k] /= c0;
        int half = m / 2 + 1;
        double[] nu = new double[half];
        double[] dens = new double[half];
        double dnu = 1 / (m * dt);
        double area = 0;
        for (int k = 0; k < half; k++) {
            nu[k] = k * dnu;
            dens[k] = power[k];
            area += dens[k] * dnu;
        }
        if (area > 0) for (int k = 0; k < half; k++) dens[k] /= area;
        return new Vdos(nu, dens, vacf, time);
    }

    /** MSD(lag) [T] (Å²) = ⟨|r_i(t0 + lag) − r_i(t0)|²⟩ over atoms and all time origins; positions must be unwrapped. */
    public static double[] msd(double[][] positions) { return msd(positions, () -> { }); }

    /**
     * The same; {@code beforeLag} runs before each lag (a cancellation check: it may throw to stop).
     *
     * @since 1.1.0
     */
    public static double[] msd(double[][] positions, Runnable beforeLag) {
        int t = checkFrames("msd", positions);
        int dof = positions[0].length;
        double[] out = new double[t];
        for (int lag = 1; lag < t; lag++) {
            beforeLag.run();
            double s = 0;
            for (int t0 = 0; t0 + lag < t; t0++) {
                double[] a = positions[t0];
                double[] b = positions[t0 + lag];
                for (int c = 0; c < dof; c++) s += (b[c] - a[c]) * (b[c] - a[c]);
            }
            out[lag] = s / ((t - lag) * (dof / 3.0));
        }
        return out;
    }

    /**
     * The frames with the centre-of-mass drift taken out: r'ᵢ(t) = rᵢ(t) − (R(t) − R(0)) for every atom,
     * with R(t) = Σ mᵢrᵢ(t) / Σ mᵢ the mass-weighted centre of mass of frame t (Å). A thermostat that lets
     * the total momentum wander moves a crystal as a whole; this is the displacement md.msd removes so that
     * a solid's MSD plateaus. Positions [T][3N] must be unwrapped; masses [N] (amu, any positive weights).
     *
     * @since 2.1.0
     */
    public static double[][] removeDrift(double[][] positions, double[] atomMasses) {
        int t = checkFrames("removeDrift", positions);
        int n = positions[0].length / 3;
        if (atomMasses == null || atomMasses.length != n) {
            throw new IllegalArgumentException("removeDrift: " + (atomMasses == null ? "no" : String.valueOf(atomMasses.length))
                    + " masses for " + n + " atoms; give one mass per atom");
        }
        double[] r0 = centreOfMass(positions[0], atomMasses);
        double[][] out = new double[t][];
        for (int k = 0; k < t; k++) {
            double[] rk = centreOfMass(positions[k], atomMasses);
            out[k] = positions[k].clone();
            for (int i = 0; i < n; i++) for (int d = 0; d < 3; d++) out[k][3 * i + d] -= rk[d] - r0[d];
        }
        return out;
    }

    /** Σ mᵢrᵢ / Σ mᵢ [3] of one frame r [3N]; a mass that is not finite and > 0 is refused. */
    private static double[] centreOfMass(double[] r, double[] m) {
        for (int i = 0; i < m.length; i++) {
            if (!(m[i] > 0) || !Double.isFinite(m[i])) throw new IllegalArgumentException("removeDrift: atom " + i + " has mass " + m[i] + "; give masses > 0");
        }
        return Thermo.massWeightedMean(r, m);
    }

    /** Unwraps positions wrapped into {@code box}: each step is taken to the nearest image (steps below half a cell width). */
    public static double[][] unwrap(double[][] frames, Box box) {
        int t = checkFrames("unwrap", frames);
        MinimumImage mi = new MinimumImage(box);
        double[][] out = new double[t][];
        out[0] = frames[0].clone();
        for (int k = 1; k < t; k++) {
            double[] d = new double[frames[k].length];
            for (int q = 0; q < d.length; q++) d[q] = frames[k][q] - frames[k - 1][q];
            out[k] = new double[d.length];
            for (int i = 0; i < d.length; i += 3) mi.reduce(d, i);
            for (int q = 0; q < d.length; q++) out[k][q] = out[k - 1][q] + d[q];
        }
        return out;
    }

    private static int checkFrames(String what, double[][] frames) {
        if (frames == null || frames.length < 2) throw new IllegalArgumentException(what + ": give at least 2 frames");
        int dof = frames[0].length;
        if (dof == 0 || dof % 3 != 0) throw new IllegalArgumentException(what + ": frame 0 has " + dof + " numbers; give 3 per atom");
        for (int k = 0; k < frames.length; k++) {
            if (frames[k].length != dof) throw new IllegalArgumentException(what + ": frame " + k + " has " + frames[k].length + " numbers, frame 0 has " + dof);
            for (int c = 0; c < dof; c++) {
                if (Double.isNaN(frames[k][c])) throw new IllegalArgumentException(what + ": NaN in frame " + k + ", atom " + c / 3);
            }
        }
        return frames.length;
    }
}
