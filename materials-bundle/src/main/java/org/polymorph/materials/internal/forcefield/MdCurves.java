package org.polymorph.materials.internal.forcefield;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.properties.Trajectories;
import org.polymorph.materials.structure.Atoms;

/**
 * The curves of the MD-based targets as Var ops of the frames, and the L2 distance between curves.
 * VDOS: the conventions of properties.Trajectories.vdos (each velocity component zero-padded to
 * M = the power of two ≥ 2T, |v̂(ν_k)|² summed with the atom's mass as weight, ν_k = k/(M dt)), then
 * broadened by a normalised Gaussian of standard deviation w onto a grid and normalised to unit area
 * on that grid (trapezoid-free sum · Δν, the grid being uniform). RDF: the smooth RDF (properties.Rdf.smooth) of each frame,
 * averaged.
 */
final class MdCurves {
    /** Points of the VDOS grid 0..ν_max and of the RDF grid (k + ½) r_max / K. */
    static final int VDOS_POINTS = 200;
    static final int RDF_POINTS = 100;

    private MdCurves() { }

    /** The VDOS grid (THz): ν_g = g · ν_max / (G − 1). */
    static double[] vdosGrid(double maxThz) {
        double[] nu = new double[VDOS_POINTS];
        for (int g = 0; g < nu.length; g++) nu[g] = g * maxThz / (VDOS_POINTS - 1);
        return nu;
    }

    /** The RDF grid (Å). */
    static double[] rdfGrid(double rMax) {
        double[] r = new double[RDF_POINTS];
        for (int k = 0; k < r.length; k++) r[k] = (k + 0.5) * rMax / RDF_POINTS;
        return r;
    }

    /** S(ν_g) [G] (1/THz, unit area on the grid) of velocities [T, N, 3] (Å/ps) at frame interval dt (ps). */
    static Var vdos(Ops o, Var velocities, double[] masses, double dtPs, double[] grid, double widthThz) {
        int t = velocities.dim(0);
        int dof = velocities.dim(1) * 3;
        return vdosOfComponents(o, o.transpose(o.reshape(velocities, t, dof), 1, 0), masses, dtPs, grid, widthThz);
    }

    /**
     * As {@link #vdos} of the velocity components by frame vt [3N, T] (row 3i + c: component c of atom i; Å/ps), e.g.
     * {@link MdTrajectory.Frames#velocityComponents}'s view of the frames. The mass-weighted power spectrum
     * Σ_c m_c |v̂_c(ν_k)|² [M/2+1] is one primitive ({@link VdosPower}) that transforms the rows one at a time and
     * recomputes them in its rules; the broadening [M/2+1, G] and the unit area are ops.
     */
    static Var vdosOfComponents(Ops o, Var vt, double[] masses, double dtPs, double[] grid, double widthThz) {
        if (vt.rank() != 2 || vt.dim(0) != 3 * masses.length) {
            throw new org.polymorph.core.method.BadInputException("vdos: velocity components of shape " + vt.shape() + " for " + masses.length
                    + " masses; give [3N, T] with N = the number of masses", "vt", String.valueOf(vt.shape()), "[" + 3 * masses.length + ", T]");
        }
        int dof = vt.dim(0);
        int t = vt.dim(1);
        int m = Trajectories.fftLength(t);
        double[] w = new double[dof];
        for (int c = 0; c < dof; c++) w[c] = masses[c / 3];
        Var power = o.reshape(new VdosPower(w, t, m).of(o, vt), 1, m / 2 + 1);          // [1, M/2+1]
        int half = m / 2 + 1;
        double dnu = 1 / (m * dtPs);
        double[] b = new double[half * grid.length];                                    // [M/2+1, G]
        double norm = 1 / (Math.sqrt(2 * Math.PI) * widthThz);
        for (int k = 0; k < half; k++) {
            for (int g = 0; g < grid.length; g++) {
                double d = (grid[g] - k * dnu) / widthThz;
                b[k * grid.length + g] = norm * Math.exp(-0.5 * d * d);
            }
        }
        Var s = o.reshape(o.matmul(power, o.constant(b, half, grid.length)), grid.length);
        return unitArea(o, s, grid[1] - grid[0]);
    }

    /** ⟨g(r_k)⟩ [K] over the frames {@code every} steps apart (the last included) of positions [T, N, 3]. */
    static Var rdf(AD ad, Var positions, Atoms template, double[] grid, double widthA, int every) {
        Ops o = ad.ops();
        int t = positions.dim(0);
        List<Integer> frames = new ArrayList<>();
        for (int k = t - 1; k >= 0; k -= every) frames.add(k);
        int[] idx = frames.stream().mapToInt(Integer::intValue).toArray();
        Var picked = o.take(positions, o.constant(o.tensors().fromArray(idx, idx.length)), 0);      // [F, N, 3]
        return new FramesRdf(ad, template, grid, widthA, idx.length).of(picked);
    }

    /** (Σ_k (a_k − b_k)² Δx)^½ on a uniform grid of spacing dx. */
    static Var l2(Ops o, Var a, Var b, double dx) {
        return o.sqrt(o.mul(o.sum(o.square(o.sub(a, b))), o.scalarLike(a, dx)));
    }

    /** The curve scaled to Σ y Δx = 1. */
    static Var unitArea(Ops o, Var y, double dx) {
        return o.div(y, o.mul(o.sum(y), o.scalarLike(y, dx)));
    }

    /** A target curve (x ascending) linearly interpolated onto {@code grid}, zero outside its range. */
    static double[] interpolate(double[] x, double[] y, double[] grid) {
        double[] out = new double[grid.length];
        int j = 0;
        for (int g = 0; g < grid.length; g++) {
            double v = grid[g];
            if (v < x[0] || v > x[x.length - 1]) continue;
            while (j < x.length - 2 && x[j + 1] < v) j++;
            double u = (v - x[j]) / (x[j + 1] - x[j]);
            out[g] = (1 - u) * y[j] + u * y[j + 1];
        }
        return out;
    }
}
