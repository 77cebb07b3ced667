package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.gpu.cuda.internal.KernelLauncher.Scratch;

/**
 * The interleaved complex buffers that {@link CufftTransforms} hands to cuFFT and reads back, built
 * by the bundle's kernels on the emulated device (skips without g++) and compared value by value
 * with the layout cuFFT expects: (re, im) pairs, batch after batch; for C2R n/2 + 1 bins per row,
 * truncated or zero-padded, with the imaginary parts of bin 0 and (n even) bin n/2 zeroed.
 */
class CufftBuffersTest {
    private static EmulatedDevice device;
    private static String unavailable;
    private KernelLauncher k;
    private HostBridge bridge;
    private CufftTransforms fft;

    @BeforeAll
    static void open() throws Exception {
        unavailable = EmulatedDevice.unavailableReason();
        if (unavailable == null) device = EmulatedDevice.open();
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }

    @BeforeEach
    void setUp() {
        assumeTrue(device != null, "the CUDA emulation needs g++: " + unavailable);
        DeviceAllocator allocator = new DeviceAllocator(device, 1 << 20);
        k = new KernelLauncher(device, allocator, 64, 8);
        bridge = new HostBridge(new ReferenceTensorService(), device, allocator);
        CudaTensorService svc = new CudaTensorService(device, new ReferenceTensorService(), 64, 8, 1 << 20);
        fft = new CufftTransforms(new LibraryHandles(device, false), svc, k, bridge);
    }

    private double[] read(long buf, int doubles) {
        double[] v = new double[doubles];
        device.download(buf, v, 0, doubles);
        return v;
    }

    /** re and im [2, 3]: row r, bin c holds re = 10 r + c + 1, im = -(10 r + c + 1). */
    private CudaTensor[] spectra() {
        double[] re = {1, 2, 3, 11, 12, 13};
        double[] im = {-1, -2, -3, -11, -12, -13};
        return new CudaTensor[] {bridge.upload(re, 2, 3), bridge.upload(im, 2, 3)};
    }

    @Test
    void interleaveAndSplitAreInverse() {
        CudaTensor[] x = spectra();
        try (Scratch s = k.scratch()) {
            long buf = fft.interleave(s, x[0], x[1], 6);
            assertArrayEquals(new double[] {1, -1, 2, -2, 3, -3, 11, -11, 12, -12, 13, -13}, read(buf, 12), 0);
            CudaTensor re = bridge.allocate(x[0].dtype(), x[0].shape());
            CudaTensor im = bridge.allocate(x[0].dtype(), x[0].shape());
            fft.split(s, buf, 6, re, im);
            assertArrayEquals(bridge.downloadDouble(x[0]), bridge.downloadDouble(re), 0);
            assertArrayEquals(bridge.downloadDouble(x[1]), bridge.downloadDouble(im), 0);
        }
    }

    @Test
    void halfSpectrumForEvenOddLongerAndShorterOutputs() {
        CudaTensor[] x = spectra();
        try (Scratch s = k.scratch()) {
            // n = 4: 3 bins used, the imaginary parts of bin 0 and the Nyquist bin 2 zeroed
            assertArrayEquals(new double[] {1, 0, 2, -2, 3, 0, 11, 0, 12, -12, 13, 0}, read(fft.halfSpectrum(s, x[0], x[1], 2, 3, 4), 12), 0);
            // n = 5: 3 bins, no Nyquist bin
            assertArrayEquals(new double[] {1, 0, 2, -2, 3, -3, 11, 0, 12, -12, 13, -13}, read(fft.halfSpectrum(s, x[0], x[1], 2, 3, 5), 12), 0);
            // n = 8: 5 bins, the last two zero-padded (bin 4, the Nyquist bin, is zero anyway)
            assertArrayEquals(new double[] {1, 0, 2, -2, 3, -3, 0, 0, 0, 0, 11, 0, 12, -12, 13, -13, 0, 0, 0, 0},
                    read(fft.halfSpectrum(s, x[0], x[1], 2, 3, 8), 20), 0);
            // n = 2: 2 bins, truncated; bin 1 is the Nyquist bin
            assertArrayEquals(new double[] {1, 0, 2, 0, 11, 0, 12, 0}, read(fft.halfSpectrum(s, x[0], x[1], 2, 3, 2), 8), 0);
        }
    }
}
