package org.polymorph.gpu.cuda.internal;

import java.util.List;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.MdKernels;
import org.polymorph.core.tensor.Tensor;

/**
 * The CUDA service's {@link MdKernels}: NVE trajectories of lj/cut and sw systems whose state stays in
 * device memory ({@link CudaMdTrajectory}), run by the kernels of {@code md_cells.cu},
 * {@code md_forces.cu} and {@code md_verlet.cu}.
 */
final class CudaMdKernels implements MdKernels {
    static final List<String> STYLES = List.of("lj/cut", "sw");

    private final Device device;
    private final DeviceAllocator allocator;
    private final int maxGrid;

    CudaMdKernels(Device device, DeviceAllocator allocator, int maxGrid) {
        this.device = device;
        this.allocator = allocator;
        this.maxGrid = maxGrid;
    }

    @Override public List<String> styles() { return STYLES; }

    @Override
    public Trajectory nve(Start start) {
        int n = start.types().length;
        CudaTensor x = positionsOf("positions", start.positions(), n);
        CudaTensor v = positionsOf("velocities", start.velocities(), n);
        if (n < 1) throw new IllegalArgumentException("md: types has no atoms; give at least one atom");
        if (start.masses().length != n) {
            throw new IllegalArgumentException("md: masses has " + start.masses().length + " entries for " + n + " atoms; give one mass per atom");
        }
        int types = start.style().types();
        for (int i = 0; i < n; i++) {
            int t = start.types()[i];
            if (t < 0 || t >= types) throw new IllegalArgumentException("md: atom " + i + " has type " + t + "; the " + start.style().name()
                    + " parameters are for types 0.." + (types - 1));
            double m = start.masses()[i];
            if (!(m > 0) || !Double.isFinite(m)) throw new IllegalArgumentException("md: atom " + i + " has mass " + m + "; give a finite mass > 0");
        }
        if (!(start.dt() > 0) || !Double.isFinite(start.dt())) throw new IllegalArgumentException("md: dt = " + start.dt() + "; give a finite dt > 0");
        return new CudaMdTrajectory(device, allocator, maxGrid, x, v, start.types(), start.masses(), CudaMdCell.of(start.cell(), start.style().cutoff(), n),
                start.style(), start.dt(), start.ftm2v());
    }

    /** {@code t} as a device FLOAT64 tensor [n, 3] of this service, else an IllegalArgumentException naming {@code what}. */
    private static CudaTensor positionsOf(String what, Tensor t, int n) {
        if (!(t instanceof CudaTensor c) || !c.onDevice() || c.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("md: " + what + " is " + t + "; give a FLOAT64 tensor of the cuda service (fromArray(double[], n, 3))");
        }
        if (c.rank() != 2 || c.dim(0) != n || c.dim(1) != 3) {
            throw new IllegalArgumentException("md: " + what + " has shape " + c.shape() + "; give [" + n + ", 3], one row per atom of types");
        }
        return c;
    }
}
