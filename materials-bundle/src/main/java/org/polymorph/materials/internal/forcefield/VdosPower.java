package org.polymorph.materials.internal.forcefield;

import java.util.List;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Primitive;
import org.polymorph.autodiff.PrimitiveRegistry;
import org.polymorph.autodiff.Var;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * The mass-weighted power spectrum of the velocity components as one primitive: P_k = Σ_c w_c |X_ck|², k = 0..M/2, of
 * rows v [C, T] (row c: one velocity component by frame, Å/ps; w_c its atom's mass, amu), X_c the DFT of row c
 * zero-padded to M ≥ T ({@link RealFft}); P [M/2 + 1] in amu Å²/ps². The rows are transformed one at a time, so without
 * a derivative to follow the only array as large as the input is its own read-out (the op-by-op form held [C, M] padded
 * rows and two [C, M/2 + 1] spectra, and as many again in its backward pass); with one, the spectra [C, M/2 + 1] are its
 * pullback's residual.
 *
 * <p>Its rules are two more primitives of the same rows, each transforming the rows again (but the pullback of P, which
 * reads the kept spectra): the symmetric bilinear form B(a, b)_k = Σ_c 2 w_c Re(conj(A_ck) B_ck) [M/2 + 1], the JVP of P at a along b
 * (P(a) = B(a, a)/2), and V(a, g)_cn = 2 w_c Re Σ_{k≤M/2} g_k A_ck e^{+2πikn/M}, n &lt; T [C, T], the VJP of P at a of
 * the cotangent g (an inverse real FFT of g_k A_ck with bins 0 and M/2 counted twice, as the half spectrum counts them
 * once). Both are bilinear, and their rules are B and V again: dB = B(da, b) + B(a, db), the VJP of B of g is
 * (V(b, g), V(a, g)); dV = V(da, g) + V(a, dg), the VJP of V of u is (V(u, g), B(a, u)); so derivatives of every order
 * follow.
 */
final class VdosPower {
    static final String NAME = "materials/vdos-power";
    static final String JVP_NAME = "materials/vdos-power-jvp";
    static final String VJP_NAME = "materials/vdos-power-vjp";

    private final double[] weights;
    private final int frames;
    private final int m;

    /**
     * The power spectrum of rows of {@code frames} samples with one weight per row (amu), zero-padded to {@code m}: a
     * power of two ≥ frames.
     */
    VdosPower(double[] weights, int frames, int m) {
        if (frames < 1) throw new BadInputException("vdos: " + frames + " frames; give at least one frame", "frames", Integer.toString(frames), "at least 1");
        if (m < frames || m < 2 || Integer.bitCount(m) != 1) {
            throw new BadInputException("vdos: FFT length M = " + m + " for " + frames + " frames; give a power of two ≥ max(2, frames) (properties.Trajectories.fftLength)",
                    "M", Integer.toString(m), "a power of two ≥ the frames");
        }
        this.weights = weights.clone();
        this.frames = frames;
        this.m = m;
    }

    static List<PrimitiveRegistry.Registration> register(PrimitiveRegistry registry, String owner) {
        return List.of(registry.register(NAME, owner), registry.register(JVP_NAME, owner), registry.register(VJP_NAME, owner));
    }

    /**
     * P [M/2 + 1] of rows v [C, T] (C = the weights, T = the frames; a view such as a transposed slice is read as it is). When v
     * is traced (a derivative will follow) the spectra X [C, M/2 + 1] are kept with the primitive for its pullback, as a reverse
     * pass keeps a primitive's residuals: one transform of the rows fewer per gradient for C·(M/2 + 1) complex numbers held.
     */
    Var of(Ops o, Var v) {
        checkRows("v", v);
        return o.apply(new Power(!o.isConstant(v)), v)[0];
    }

    private void checkRows(String name, Var v) {
        if (v.rank() != 2 || v.dim(0) != weights.length || v.dim(1) != frames) {
            throw new BadInputException("vdos: " + name + " has shape " + v.shape() + "; the power spectrum takes the velocity components by frame ["
                    + weights.length + ", " + frames + "] (one row per component, one weight per row)", name, String.valueOf(v.shape()),
                    "[" + weights.length + ", " + frames + "]");
        }
    }

    private Var bilinear(Ops o, Var a, Var b) { return o.apply(new Bilinear(), a, b)[0]; }

    private Var pullback(Ops o, Var a, Var g) { return pullback(o, a, g, null); }

    /** V(a, g), with the spectra of a when {@code kept} holds them (null: transformed again). */
    private Var pullback(Ops o, Var a, Var g, Spectra kept) { return o.apply(new Pullback(kept), a, g)[0]; }

    /**
     * The spectra of the rows of one input tensor (read only by a pullback given that very tensor): re, im [C·(M/2 + 1)], row
     * c's bins at c·(M/2 + 1).
     */
    private record Spectra(Tensor input, double[] re, double[] im) { }

    private static Var plus(Ops o, Var a, Var b) {
        if (a == null) return b;
        return b == null ? a : o.add(a, b);
    }

    /** P(v) = Σ_c w_c |V_c|². */
    private final class Power implements Primitive {
        private final boolean keep;
        /** The spectra of the last input when {@link #keep} (for {@link #vjp}), else null. */
        private volatile Spectra kept;

        Power(boolean keep) { this.keep = keep; }

        @Override public String name() { return NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] args) {
            double[] v = ts.toDoubleArray(args[0]);
            RealFft fft = new RealFft(m);
            int bins = fft.bins();
            double[] re = new double[bins], im = new double[bins], p = new double[bins];
            double[] allRe = keep ? new double[weights.length * bins] : null, allIm = keep ? new double[weights.length * bins] : null;
            for (int c = 0; c < weights.length; c++) {
                fft.forward(v, c * frames, frames, re, im);
                double w = weights[c];
                for (int k = 0; k < bins; k++) p[k] += w * (re[k] * re[k] + im[k] * im[k]);
                if (keep) {
                    System.arraycopy(re, 0, allRe, c * bins, bins);
                    System.arraycopy(im, 0, allIm, c * bins, bins);
                }
            }
            if (keep) kept = new Spectra(args[0], allRe, allIm);
            return new Tensor[] {ts.fromArray(p, bins)};
        }

        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
            return new Var[] {t[0] == null ? null : bilinear(o, x[0], t[0])};
        }

        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            return new Var[] {ct[0] == null ? null : pullback(o, x[0], ct[0], kept)};
        }
    }

    /** B(a, b) = Σ_c 2 w_c Re(conj(A_c) B_c) [M/2 + 1] of rows a, b [C, T]. */
    private final class Bilinear implements Primitive {
        @Override public String name() { return JVP_NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] args) {
            double[] a = ts.toDoubleArray(args[0]), b = ts.toDoubleArray(args[1]);
            RealFft fft = new RealFft(m);
            int bins = fft.bins();
            double[] ar = new double[bins], ai = new double[bins], br = new double[bins], bi = new double[bins], out = new double[bins];
            for (int c = 0; c < weights.length; c++) {
                fft.forward(a, c * frames, frames, ar, ai);
                fft.forward(b, c * frames, frames, br, bi);
                double w2 = 2 * weights[c];
                for (int k = 0; k < bins; k++) out[k] += w2 * (ar[k] * br[k] + ai[k] * bi[k]);
            }
            return new Tensor[] {ts.fromArray(out, bins)};
        }

        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
            return new Var[] {plus(o, t[0] == null ? null : bilinear(o, t[0], x[1]), t[1] == null ? null : bilinear(o, x[0], t[1]))};
        }

        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            if (ct[0] == null) return new Var[] {null, null};
            return new Var[] {pullback(o, x[1], ct[0]), pullback(o, x[0], ct[0])};
        }
    }

    /** V(a, g)_cn = 2 w_c Re Σ_k g_k A_ck e^{+2πikn/M} [C, T] of rows a [C, T] and g [M/2 + 1]. */
    private final class Pullback implements Primitive {
        private final Spectra kept;

        /** {@code kept}: the spectra of the input a tensor (used when this primitive is applied to that very tensor), or null. */
        Pullback(Spectra kept) { this.kept = kept; }

        @Override public String name() { return VJP_NAME; }

        @Override public Tensor[] apply(TensorService ts, Tensor[] args) {
            Spectra spectra = kept != null && kept.input() == args[0] ? kept : null;
            double[] a = spectra == null ? ts.toDoubleArray(args[0]) : null, g = ts.toDoubleArray(args[1]);
            RealFft fft = new RealFft(m);
            int bins = fft.bins();
            double[] re = new double[bins], im = new double[bins], out = new double[weights.length * frames];
            for (int c = 0; c < weights.length; c++) {
                if (spectra == null) {
                    fft.forward(a, c * frames, frames, re, im);
                } else {
                    System.arraycopy(spectra.re(), c * bins, re, 0, bins);
                    System.arraycopy(spectra.im(), c * bins, im, 0, bins);
                }
                // w_c × the synthesis of g_k A_ck with bins 0 and M/2 doubled: 2 w_c Re Σ_{k≤M/2} g_k A_ck e^{+2πikn/M}
                double w = weights[c];
                for (int k = 0; k < bins; k++) {
                    double s = (k == 0 || k == bins - 1 ? 2 : 1) * w * g[k];
                    re[k] *= s;
                    im[k] *= s;
                }
                fft.inverse(re, im, out, c * frames, frames);
            }
            return new Tensor[] {ts.fromArray(out, weights.length, frames)};
        }

        @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
            return new Var[] {plus(o, t[0] == null ? null : pullback(o, t[0], x[1]), t[1] == null ? null : pullback(o, x[0], t[1]))};
        }

        @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
            if (ct[0] == null) return new Var[] {null, null};
            return new Var[] {pullback(o, ct[0], x[1]), bilinear(o, x[0], ct[0])};
        }
    }
}
