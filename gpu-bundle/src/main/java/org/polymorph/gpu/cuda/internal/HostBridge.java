package org.polymorph.gpu.cuda.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * Moves {@link CudaTensor}s between the device and the host service, and runs an op on the host
 * for the CUDA TensorService: every tensor argument is brought to the host (downloaded when it is
 * on the device), the host service's op runs, and a float result is uploaded (integer and bool
 * results stay on the host, where such tensors live). Counts the host runs per op.
 */
final class HostBridge {
    private final TensorService host;
    private final Device device;
    private final DeviceAllocator allocator;
    private final Map<String, LongAdder> runs = new ConcurrentHashMap<>();

    HostBridge(TensorService host, Device device, DeviceAllocator allocator) {
        this.host = host;
        this.device = device;
        this.allocator = allocator;
    }

    TensorService host() { return host; }

    /** The tensor as this service's, or an IllegalArgumentException naming the op. */
    static CudaTensor own(String op, Tensor t) {
        if (t instanceof CudaTensor c) return c;
        throw new IllegalArgumentException(op + ": tensor " + (t == null ? "null" : t.getClass().getSimpleName() + t.shape())
                + " does not belong to the cuda TensorService; create it with this service");
    }

    /** Runs {@code body} on the host service with the arguments brought to the host; the result comes back wrapped. */
    Tensor run(String op, Function<Tensor[], Tensor> body, Tensor... args) {
        return wrap(call(op, body, args));
    }

    /** Like {@link #run}, for ops whose result is not one tensor: the caller wraps it with {@link #wrap}. */
    <R> R call(String op, Function<Tensor[], R> body, Tensor... args) {
        runs.computeIfAbsent(op, k -> new LongAdder()).increment();
        Tensor[] h = new Tensor[args.length];
        for (int i = 0; i < args.length; i++) h[i] = toHost(op, args[i]);
        return body.apply(h);
    }

    /** Host runs so far, per op. */
    Map<String, Long> runs() {
        Map<String, Long> m = new TreeMap<>();
        runs.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** The host service's tensor holding {@code t}'s values (a download for device tensors). */
    Tensor toHost(String op, Tensor t) {
        CudaTensor c = own(op, t);
        if (!c.onDevice()) return c.host();
        int[] shape = c.shape().toArray();
        return c.dtype() == DType.FLOAT32 ? host.fromArray(downloadFloat(c), shape) : host.fromArray(downloadDouble(c), shape);
    }

    /** A host service tensor as this service's: float dtypes are uploaded, the others wrapped. */
    CudaTensor wrap(Tensor h) {
        if (h == null) return null;
        int[] shape = h.shape().toArray();
        return switch (h.dtype()) {
            case FLOAT64 -> upload(host.toDoubleArray(h), shape);
            case FLOAT32 -> upload(host.toFloatArray(h), shape);
            default -> CudaTensor.onHost(h);
        };
    }

    /** A fresh device tensor of {@code shape}; contents undefined. */
    CudaTensor allocate(DType dtype, Shape shape) {
        return CudaTensor.onDevice(shape, dtype, allocator.allocate(shape.size() * dtype.byteSize()));
    }

    CudaTensor upload(double[] data, int... shape) {
        CudaTensor t = allocate(DType.FLOAT64, Shape.of(shape));
        checkLength(data.length, t.shape());
        if (data.length > 0) device.upload(data, 0, data.length, t.address());
        return t;
    }

    CudaTensor upload(float[] data, int... shape) {
        CudaTensor t = allocate(DType.FLOAT32, Shape.of(shape));
        checkLength(data.length, t.shape());
        if (data.length > 0) device.upload(data, 0, data.length, t.address());
        return t;
    }

    private static void checkLength(int length, Shape shape) {
        if (length != shape.size()) {
            throw new IllegalArgumentException("fromArray: " + length + " values do not fill shape " + shape + " ("
                    + shape.size() + " elements); give as many values as the shape holds");
        }
    }

    double[] downloadDouble(CudaTensor t) {
        int n = (int) t.size();
        if (t.dtype() == DType.FLOAT64) {
            double[] out = new double[n];
            if (n > 0) device.download(t.address(), out, 0, n);
            return out;
        }
        float[] f = downloadFloat(t);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = f[i];
        return out;
    }

    float[] downloadFloat(CudaTensor t) {
        int n = (int) t.size();
        if (t.dtype() == DType.FLOAT32) {
            float[] out = new float[n];
            if (n > 0) device.download(t.address(), out, 0, n);
            return out;
        }
        double[] d = downloadDouble(t);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) d[i];
        return out;
    }
}
