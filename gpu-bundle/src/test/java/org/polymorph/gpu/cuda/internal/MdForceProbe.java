package org.polymorph.gpu.cuda.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.polymorph.core.tensor.MdKernels;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

/**
 * For other modules' benchmarks (in the gpu-bundle test-jar): the force kernels of a CUDA MD trajectory
 * timed alone, the bytes they must move, the device's peak memory bandwidth, and the CUDA service on
 * device 0. materials-bundle's DeviceMdBench reaches the trajectory's internals through this class.
 *
 * <p>The byte count is the kernels' compulsory traffic, read off md_forces.cu: every array element a
 * kernel reads or writes counted once (N atoms, E neighbour-list entries; float64 8 B, int32 4 B,
 * packed images int64 8 B). md_lj_cut reads count, type and x of each atom (4 + 4 + 24 B), nbr and
 * image of each entry (4 + 8 B), and writes f, e and w (24 + 8 + 48 B): 112 N + 12 E. sw's two
 * launches: md_sw_legs reads count, type, x (32 N) and nbr, image (12 E) and writes leg (24 E);
 * md_sw reads the same (32 N + 12 E) and leg (24 E) and writes f, e, w (80 N): 144 N + 72 E. The
 * neighbours' x and type that the loops gather again (and sw's search for the entry back to i) are
 * taken to come from cache, so bytes / time is the effective bandwidth, a lower bound on what the
 * memory delivered.
 */
public final class MdForceProbe {
    private MdForceProbe() { }

    /**
     * One timing: the kernels launched, the seconds of each force evaluation (all its launches, between
     * device syncs), the atoms, the neighbour-list entries and the compulsory bytes per array.
     */
    public record Timing(List<String> kernels, double[] seconds, long atoms, long neighborEntries, Map<String, Long> bytes) {
        public Timing {
            seconds = seconds.clone();
            bytes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bytes));
        }

        @Override public double[] seconds() { return seconds.clone(); }

        /** The bytes of one force evaluation, all arrays. */
        public long totalBytes() { return bytes.values().stream().mapToLong(Long::longValue).sum(); }
    }

    /**
     * Times the force kernels of {@code trajectory} (one of the CUDA service's) {@code evaluations} times on its
     * current neighbour list; the trajectory is left as it was.
     */
    public static Timing time(MdKernels.Trajectory trajectory, int evaluations) {
        CudaMdTrajectory t = cuda(trajectory);
        double[] seconds = t.timeForces(evaluations);
        long entries = t.neighborEntries();
        String style = t.styleName();
        List<String> kernels = style.equals("lj/cut") ? List.of("md_lj_cut") : List.of("md_sw_legs", "md_sw");
        return new Timing(kernels, seconds, t.atoms(), entries, forceBytes(style, t.atoms(), entries));
    }

    /** The compulsory bytes per array of one force evaluation of {@code style} (lj/cut or sw) over N atoms and E entries (see the class comment). */
    public static Map<String, Long> forceBytes(String style, long atoms, long entries) {
        Map<String, Long> b = new LinkedHashMap<>();
        int launches;
        if (style.equals("lj/cut")) {
            launches = 1;
        } else if (style.equals("sw")) {
            launches = 2;
        } else {
            throw new IllegalArgumentException("md: no force kernel for style " + style + "; give lj/cut or sw");
        }
        b.put("count", launches * 4 * atoms);
        b.put("type", launches * 4 * atoms);
        b.put("x", launches * 24 * atoms);
        b.put("nbr", launches * 4 * entries);
        b.put("image", launches * 8 * entries);
        if (launches == 2) b.put("leg", 2 * 24 * entries);   // written by md_sw_legs, read by md_sw
        b.put("f", 24 * atoms);
        b.put("e", 8 * atoms);
        b.put("w", 48 * atoms);
        return b;
    }

    /** The peak memory bandwidth (bytes/s) of the device that runs {@code trajectory}; absent where the device does not report it. */
    public static OptionalDouble peakBandwidth(MdKernels.Trajectory trajectory) {
        return cuda(trajectory).deviceInfo().peakBandwidthBytesPerS();
    }

    private static CudaMdTrajectory cuda(MdKernels.Trajectory trajectory) {
        if (trajectory instanceof CudaMdTrajectory t) return t;
        throw new IllegalArgumentException("md: the trajectory is " + trajectory.getClass().getName() + "; give one of the cuda service's MD kernels");
    }

    /**
     * The CUDA TensorService on device 0 through JCuda (host ops on the pure-Java reference service, as GpuBench),
     * after the probe and the device's self-check: {@code status} "ok" with the service and what closes the device,
     * "skipped" (no CUDA device) or "failed" (the self-check) with the reason.
     */
    public record Opened(String status, String reason, TensorService service, Runnable close) { }

    public static Opened openDevice0() {
        Map<String, Object> probe = CudaProbe.probe();
        if (!Boolean.TRUE.equals(probe.get("available"))) return new Opened("skipped", "no CUDA device: " + probe.get("detail"), null, null);
        JCudaDevice device = new JCudaDevice();
        String why = CudaSelfCheck.run(device);
        if (why != null) {
            device.close();
            return new Opened("failed", "the device failed its self-check: " + why, null, null);
        }
        return new Opened("ok", null, new CudaTensorService(device, new ReferenceTensorService()), device::close);
    }
}
