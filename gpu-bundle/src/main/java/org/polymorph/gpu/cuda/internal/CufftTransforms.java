package org.polymorph.gpu.cuda.internal;

import static org.polymorph.gpu.cuda.internal.LibraryHandles.complex;
import static org.polymorph.gpu.cuda.internal.LibraryHandles.doubles;
import static org.polymorph.gpu.cuda.internal.LibraryHandles.fftCheck;

import java.lang.ref.Reference;
import org.bytedeco.cuda.global.cufft;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.Complex;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.gpu.cuda.internal.KernelLauncher.Scratch;

/**
 * FFTs along the last axis of the CUDA TensorService through cuFFT (one batched plan per length and
 * batch, cached per thread), in float64 (float32 operands are widened on the device and the results
 * rounded once, as the host service computes them). cuFFT works on interleaved complex values: the
 * separate real and imaginary tensors of {@link Complex} are interleaved into a temporary buffer,
 * and split again, by the bundle's strided copy kernel. Scaling follows numpy.fft: forward
 * transforms unnormalised, inverse ones divided by n.
 *
 * <p>Each method returns null where the host path must answer: operands that are not non-empty
 * device tensors of one float dtype and shape, a last axis of length 0 (the host's message) or 1, irfft's n < 2.
 */
final class CufftTransforms {
    private final LibraryHandles handles;
    private final TensorService svc;
    private final KernelLauncher k;
    private final HostBridge bridge;

    CufftTransforms(LibraryHandles handles, TensorService svc, KernelLauncher k, HostBridge bridge) {
        this.handles = handles;
        this.svc = svc;
        this.k = k;
        this.bridge = bridge;
    }

    /**
     * A float device tensor of rank >= 1 with a last axis of length >= 2 (a 1-point transform is the
     * identity: the host answers it) whose interleaved complex form fits the kernels' int sizes.
     */
    private static boolean signal(Tensor x) {
        return x instanceof CudaTensor c && c.onDevice() && c.rank() >= 1 && c.dim(c.rank() - 1) >= 2 && c.size() > 0
                && c.size() < Integer.MAX_VALUE / 4;
    }

    private static boolean pair(Complex x) {
        return x != null && signal(x.re()) && signal(x.im()) && x.re().dtype() == x.im().dtype() && x.re().shape().equals(x.im().shape());
    }

    private CudaTensor as64(Tensor x) { return (CudaTensor) svc.cast(x, DType.FLOAT64); }

    /** A float64 copy of x. */
    private CudaTensor fresh64(CudaTensor x) {
        if (x.dtype() != DType.FLOAT64) return as64(x);
        CudaTensor out = bridge.allocate(DType.FLOAT64, x.shape());
        k.device().copy(x.address(), out.address(), x.size() * Double.BYTES);
        return out;
    }

    private static int[] withLast(Tensor x, int last) {
        int[] s = x.shape().toArray();
        s[s.length - 1] = last;
        return s;
    }

    /** numpy.fft.rfft: [..., n] real to [..., n/2 + 1] complex (cufftExecD2Z). */
    Complex rfft(Tensor x) {
        if (!signal(x)) return null;
        int n = x.dim(x.rank() - 1);
        int batch = (int) (x.size() / n);
        int h = n / 2 + 1;
        CudaTensor in = fresh64((CudaTensor) x);   // a copy: cuFFT may use an out-of-place transform's input as scratch
        CudaTensor re = bridge.allocate(DType.FLOAT64, Shape.of(withLast(x, h)));
        CudaTensor im = bridge.allocate(DType.FLOAT64, Shape.of(withLast(x, h)));
        try (Scratch s = k.scratch()) {
            long buf = s.temp(16L * batch * h);
            int plan = handles.fftPlan(cufft.CUFFT_D2Z, n, batch);
            fftCheck("cufftExecD2Z", cufft.cufftExecD2Z(plan, doubles(in.address()), complex(buf)));
            split(s, buf, batch * h, re, im);
        }
        Reference.reachabilityFence(in);   // its block is not released while cuFFT reads it
        return new Complex(svc.cast(re, x.dtype()), svc.cast(im, x.dtype()));
    }

    /** numpy.fft.fft (forward, unnormalised) or numpy.fft.ifft (inverse, divided by n) along the last axis (cufftExecZ2Z). */
    Complex fft(Complex x, boolean inverse) {
        if (!pair(x)) return null;
        Tensor r = x.re();
        int n = r.dim(r.rank() - 1);
        int batch = (int) (r.size() / n);
        int total = batch * n;
        CudaTensor re = bridge.allocate(DType.FLOAT64, r.shape());
        CudaTensor im = bridge.allocate(DType.FLOAT64, r.shape());
        CudaTensor re64 = as64(r);
        CudaTensor im64 = as64(x.im());
        try (Scratch s = k.scratch()) {
            long buf = interleave(s, re64, im64, total);
            int plan = handles.fftPlan(cufft.CUFFT_Z2Z, n, batch);
            fftCheck("cufftExecZ2Z", cufft.cufftExecZ2Z(plan, complex(buf), complex(buf), inverse ? cufft.CUFFT_INVERSE : cufft.CUFFT_FORWARD));
            split(s, buf, total, re, im);
        }
        Reference.reachabilityFence(re64);
        Reference.reachabilityFence(im64);
        DType t = r.dtype();
        if (!inverse) return new Complex(svc.cast(re, t), svc.cast(im, t));
        return new Complex(svc.cast(scaled(re, n), t), svc.cast(scaled(im, n), t));
    }

    /**
     * numpy.fft.irfft with output length n from [..., bins] half spectra: the first n/2 + 1 bins
     * (zero-padded when there are fewer), the imaginary parts of bin 0 and (n even) bin n/2 ignored,
     * divided by n (cufftExecZ2D).
     */
    Tensor irfft(Complex spectrum, int n) {
        if (n < 2 || !pair(spectrum)) return null;
        Tensor r = spectrum.re();
        int bins = r.dim(r.rank() - 1);
        int batch = (int) (r.size() / bins);
        int h = n / 2 + 1;
        if ((long) batch * Math.max(h, n) >= Integer.MAX_VALUE / 4) return null;
        CudaTensor out = bridge.allocate(DType.FLOAT64, Shape.of(withLast(r, n)));
        CudaTensor re64 = as64(r);
        CudaTensor im64 = as64(spectrum.im());
        try (Scratch s = k.scratch()) {
            long buf = halfSpectrum(s, re64, im64, batch, bins, n);
            int plan = handles.fftPlan(cufft.CUFFT_Z2D, n, batch);
            fftCheck("cufftExecZ2D", cufft.cufftExecZ2D(plan, complex(buf), doubles(out.address())));
        }
        Reference.reachabilityFence(re64);
        Reference.reachabilityFence(im64);
        return svc.cast(scaled(out, n), r.dtype());
    }

    /** The {@code count} values of re and im (float64, contiguous) as interleaved complex values in a temporary buffer. */
    long interleave(Scratch s, CudaTensor re, CudaTensor im, int count) {
        long buf = s.temp(16L * count);
        k.copy(s, DType.FLOAT64, new int[] {count}, re.address(), 0, new long[] {1}, buf, 0, new long[] {2});
        k.copy(s, DType.FLOAT64, new int[] {count}, im.address(), 0, new long[] {1}, buf, 1, new long[] {2});
        return buf;
    }

    /**
     * The input of a C2R transform of length n from [batch, bins] half spectra (float64, contiguous):
     * a temporary buffer of batch x (n/2 + 1) interleaved complex values holding the first
     * min(bins, n/2 + 1) bins, zeros after them, and zero imaginary parts at bin 0 and (n even)
     * bin n/2, which a real signal's spectrum cannot have (numpy ignores them).
     */
    long halfSpectrum(Scratch s, CudaTensor re, CudaTensor im, int batch, int bins, int n) {
        int h = n / 2 + 1;
        int used = Math.min(bins, h);
        long buf = s.temp(16L * batch * h);
        k.device().zero(buf, 16L * batch * h);
        int[] block = {batch, used};
        long[] from = {bins, 1};
        long[] to = {2L * h, 2};
        k.copy(s, DType.FLOAT64, block, re.address(), 0, from, buf, 0, to);
        k.copy(s, DType.FLOAT64, block, im.address(), 0, from, buf, 1, to);
        long zero = s.temp(8);
        k.fill(s, DType.FLOAT64, zero, 1, 0);
        k.copy(s, DType.FLOAT64, new int[] {batch}, zero, 0, new long[] {0}, buf, 1, new long[] {2L * h});
        if (n % 2 == 0 && used == h) k.copy(s, DType.FLOAT64, new int[] {batch}, zero, 0, new long[] {0}, buf, 2L * (h - 1) + 1, new long[] {2L * h});
        return buf;
    }

    /** Splits {@code count} interleaved complex values at {@code buf} into the real and imaginary tensors. */
    void split(Scratch s, long buf, int count, CudaTensor re, CudaTensor im) {
        k.copy(s, DType.FLOAT64, new int[] {count}, buf, 0, new long[] {2}, re.address(), 0, new long[] {1});
        k.copy(s, DType.FLOAT64, new int[] {count}, buf, 1, new long[] {2}, im.address(), 0, new long[] {1});
    }

    private Tensor scaled(Tensor x, int n) { return svc.binary(BinaryOp.DIV, x, svc.full(DType.FLOAT64, n)); }
}
