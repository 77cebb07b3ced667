package org.polymorph.gpu.cuda.internal;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.polymorph.gpu.internal.natives.ContextLoader;

/**
 * {@link Device} on CUDA device 0 through JCuda's driver API: the device's primary context (retained
 * once, made current on each calling thread), the bundle's fatbin loaded with cuModuleLoadData, kernel
 * functions looked up by name once and cached, and one stream per calling thread on which copies,
 * memsets and launches are queued. Host copies synchronise that stream before returning (the Java
 * array is only pinned for the duration of the call). Every CUresult is checked; JCuda's own
 * exceptions are switched off so that the codes reach {@link #check}. A thread's stream lives until
 * {@link #close()}, so callers use a bounded set of threads (a pool), not a thread per task.
 */
public final class JCudaDevice implements Device {
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();
    private final Queue<CUstream> streams = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Stream> stream = ThreadLocal.withInitial(this::newStream);
    private volatile boolean closed;

    /**
     * Opens device 0 and loads the kernels; throws DeviceException if there is no usable device.
     * JCuda's native library is found through the bundle's class loader (see ContextLoader).
     */
    public JCudaDevice() {
        ContextLoader.call(() -> {
            open();
            return null;
        });
    }

    private void open() {
        JCudaDriver.setExceptionsEnabled(false);
        check("cuInit", null, cuInit(0));
        check("cuDeviceGet", null, cuDeviceGet(device, 0));
        check("cuDevicePrimaryCtxRetain", null, cuDevicePrimaryCtxRetain(context, device));
        check("cuCtxSetCurrent", null, cuCtxSetCurrent(context));
        int loaded = cuModuleLoadData(module, Kernels.image());
        if (loaded != CUresult.CUDA_SUCCESS) {
            cuDevicePrimaryCtxRelease(device);
            check("cuModuleLoadData", null, loaded);
        }
    }

    /** Throws DeviceException naming the call, the kernel and the code unless {@code code} is CUDA_SUCCESS. */
    static void check(String call, String kernel, int code) {
        if (code != CUresult.CUDA_SUCCESS) throw new DeviceException(call, kernel, code, CUresult.stringFor(code));
    }

    /** A CUdeviceptr for a device address (JCuda adds the byte offset to its null base). */
    private static CUdeviceptr at(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }

    /** A CUdeviceptr whose address, once cuMemAlloc has set it, can be read back. */
    private static final class Allocation extends CUdeviceptr {
        long address() { return getNativePointer() + getByteOffset(); }
    }

    /** A CUstream whose driver handle can be read back. */
    private static final class Stream extends CUstream {
        long handle() { return getNativePointer(); }
    }

    /** The calling thread's stream, with the context made current on a thread's first use. */
    private CUstream stream() {
        if (closed) throw new IllegalStateException("the CUDA device is closed");
        return stream.get();
    }

    private Stream newStream() {
        check("cuCtxSetCurrent", null, cuCtxSetCurrent(context));
        Stream s = new Stream();
        check("cuStreamCreate", null, cuStreamCreate(s, 0));
        streams.add(s);
        return s;
    }

    @Override
    public long allocate(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("bytes=" + bytes + ": allocate at least one byte");
        stream();
        Allocation p = new Allocation();
        int code = cuMemAlloc(p, bytes);
        if (code != CUresult.CUDA_SUCCESS) check("cuMemAlloc(" + bytes + " bytes)", null, code);
        return p.address();
    }

    @Override
    public void free(long handle) {
        stream();
        check("cuMemFree", null, cuMemFree(at(handle)));
    }

    private void upload(Pointer src, long bytes, long dst) {
        CUstream s = stream();
        check("cuMemcpyHtoDAsync", null, cuMemcpyHtoDAsync(at(dst), src, bytes, s));
        check("cuStreamSynchronize", null, cuStreamSynchronize(s));
    }

    private void download(long src, Pointer dst, long bytes) {
        CUstream s = stream();
        check("cuMemcpyDtoHAsync", null, cuMemcpyDtoHAsync(dst, at(src), bytes, s));
        check("cuStreamSynchronize", null, cuStreamSynchronize(s));
    }


    @Override
    public void upload(double[] src, int offset, int count, long dst) {
        Objects.checkFromIndexSize(offset, count, src.length);
        upload(Pointer.to(src).withByteOffset((long) offset * Sizeof.DOUBLE), (long) count * Sizeof.DOUBLE, dst);
    }

    @Override
    public void upload(float[] src, int offset, int count, long dst) {
        Objects.checkFromIndexSize(offset, count, src.length);
        upload(Pointer.to(src).withByteOffset((long) offset * Sizeof.FLOAT), (long) count * Sizeof.FLOAT, dst);
    }

    @Override
    public void upload(int[] src, int offset, int count, long dst) {
        Objects.checkFromIndexSize(offset, count, src.length);
        upload(Pointer.to(src).withByteOffset((long) offset * Sizeof.INT), (long) count * Sizeof.INT, dst);
    }

    @Override
    public void upload(long[] src, int offset, int count, long dst) {
        Objects.checkFromIndexSize(offset, count, src.length);
        upload(Pointer.to(src).withByteOffset((long) offset * Sizeof.LONG), (long) count * Sizeof.LONG, dst);
    }

    @Override
    public void download(long src, double[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        download(src, Pointer.to(dst).withByteOffset((long) offset * Sizeof.DOUBLE), (long) count * Sizeof.DOUBLE);
    }

    @Override
    public void download(long src, float[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        download(src, Pointer.to(dst).withByteOffset((long) offset * Sizeof.FLOAT), (long) count * Sizeof.FLOAT);
    }

    @Override
    public void download(long src, int[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        download(src, Pointer.to(dst).withByteOffset((long) offset * Sizeof.INT), (long) count * Sizeof.INT);
    }

    @Override
    public void download(long src, long[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        download(src, Pointer.to(dst).withByteOffset((long) offset * Sizeof.LONG), (long) count * Sizeof.LONG);
    }

    @Override
    public void copy(long src, long dst, long bytes) {
        check("cuMemcpyDtoDAsync", null, cuMemcpyDtoDAsync(at(dst), at(src), bytes, stream()));
    }

    @Override
    public void zero(long dst, long bytes) {
        check("cuMemsetD8Async", null, cuMemsetD8Async(at(dst), (byte) 0, bytes, stream()));
    }

    private CUfunction function(String kernel) {
        CUfunction f = functions.get(kernel);
        if (f == null) {
            f = new CUfunction();
            check("cuModuleGetFunction", kernel, cuModuleGetFunction(f, module, kernel));
            functions.put(kernel, f);
        }
        return f;
    }

    /** cuLaunchKernel's kernelParams: a pointer to each argument's value, in a host array of its C type. */
    private static Pointer params(KernelArgs args) {
        Pointer[] each = new Pointer[args.size()];
        for (int i = 0; i < args.size(); i++) {
            long b = args.bits(i);
            each[i] = switch (args.kind(i)) {
                case PTR, I64 -> Pointer.to(new long[] {b});
                case I32 -> Pointer.to(new int[] {(int) b});
                case F32 -> Pointer.to(new float[] {Float.intBitsToFloat((int) b)});
                case F64 -> Pointer.to(new double[] {Double.longBitsToDouble(b)});
            };
        }
        return Pointer.to(each);
    }

    @Override
    public void launch(String kernel, int grid, int block, int sharedBytes, KernelArgs args) {
        CUstream s = stream();
        CUfunction f = function(kernel);
        int code = cuLaunchKernel(f, grid, 1, 1, block, 1, 1, sharedBytes, s, params(args), null);
        if (code != CUresult.CUDA_SUCCESS) check("cuLaunchKernel(grid " + grid + ", block " + block + ")" + args, kernel, code);
    }

    @Override
    public void synchronize() {
        check("cuStreamSynchronize", null, cuStreamSynchronize(stream()));
    }

    /** The calling thread's stream handle; the primary context is made current again, since a library may have switched it. */
    @Override
    public OptionalLong driverStream() {
        long handle = ((Stream) stream()).handle();
        check("cuCtxSetCurrent", null, cuCtxSetCurrent(context));
        return OptionalLong.of(handle);
    }

    @Override
    public DeviceInfo describe() {
        stream();
        byte[] name = new byte[256];
        check("cuDeviceGetName", null, cuDeviceGetName(name, name.length, device));
        int[] major = new int[1];
        int[] minor = new int[1];
        check("cuDeviceGetAttribute", null, cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device));
        check("cuDeviceGetAttribute", null, cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device));
        long[] mem = new long[1];
        check("cuDeviceTotalMem", null, cuDeviceTotalMem(mem, device));
        int n = 0;
        while (n < name.length && name[n] != 0) n++;
        // the memory interface (peak clock in kHz, bus width in bits) for the peak bandwidth; a driver that no longer
        // reports an attribute leaves it 0 (unknown) rather than failing the description
        return new DeviceInfo(new String(name, 0, n, StandardCharsets.UTF_8), major[0] + "." + minor[0], mem[0],
                attributeOrZero(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE), attributeOrZero(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH));
    }

    /** A device attribute, or 0 where the driver does not report it. */
    private int attributeOrZero(int attribute) {
        int[] value = new int[1];
        try {
            return cuDeviceGetAttribute(value, attribute, device) == CUresult.CUDA_SUCCESS ? value[0] : 0;
        } catch (jcuda.CudaException notReported) {
            return 0;
        }
    }

    /** Destroys the streams, unloads the kernels and releases the primary context; waits for queued work first. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        check("cuCtxSetCurrent", null, cuCtxSetCurrent(context));
        for (CUstream s = streams.poll(); s != null; s = streams.poll()) {
            check("cuStreamSynchronize", null, cuStreamSynchronize(s));
            check("cuStreamDestroy", null, cuStreamDestroy(s));
        }
        check("cuModuleUnload", null, cuModuleUnload(module));
        check("cuDevicePrimaryCtxRelease", null, cuDevicePrimaryCtxRelease(device));
    }
}
