package org.polymorph.gpu.cuda.internal;

/**
 * The check a device passes before the CUDA TensorService is registered on it: uploads two float64
 * vectors, adds them with {@code binary_f64} (broadcasting the second over rows), downloads the sum
 * and compares it exactly with the host's (the sums of small integers are exact in float64).
 */
public final class CudaSelfCheck {
    private CudaSelfCheck() { }

    /** Null when the device computed the expected values, else why not (one line). */
    public static String run(Device device) {
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {10, 20, 30};
        long pa = 0;
        long pb = 0;
        long po = 0;
        long pm = 0;
        try {
            pa = device.allocate(8L * a.length);
            pb = device.allocate(8L * b.length);
            po = device.allocate(8L * a.length);
            pm = device.allocate(8L * 8);
            device.upload(a, 0, a.length, pa);
            device.upload(b, 0, b.length, pb);
            // shape [2, 3]; strides out [3, 1], a [3, 1], b [0, 1] (b broadcast over the rows)
            long[] meta = {2, 3, 3, 1, 3, 1, 0, 1};
            device.upload(meta, 0, meta.length, pm);
            device.launch(Kernels.name("binary", org.polymorph.core.tensor.DType.FLOAT64), 1, 64, 0, KernelArgs.of()
                    .i32(KernelOps.BinaryOp.ADD.code()).i64(6).i32(2).ptr(pm).ptr(pa).i64(0).ptr(pb).i64(0).ptr(po).i64(0));
            double[] out = new double[a.length];
            device.download(po, out, 0, out.length);
            for (int i = 0; i < out.length; i++) {
                double expected = a[i] + b[i % 3];
                if (out[i] != expected) {
                    return "self-check: binary_f64 ADD gave " + out[i] + " at element " + i + ", expected " + expected;
                }
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "self-check failed: " + e;
        } finally {
            for (long p : new long[] {pa, pb, po, pm}) {
                if (p != 0) {
                    try {
                        device.free(p);
                    } catch (RuntimeException e) {
                        // the failure is already reported by the check itself
                    }
                }
            }
        }
    }
}
