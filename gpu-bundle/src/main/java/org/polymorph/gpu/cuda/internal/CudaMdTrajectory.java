package org.polymorph.gpu.cuda.internal;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.MdKernels;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;

/**
 * One device-resident NVE trajectory. Device arrays (N atoms, C cells, M = maxNbr): x, v, f [N, 3],
 * mass [N], e [N], w [N, 6] (float64); type, cellOf [N], wrap [N, 3], counts, cursor [C], starts
 * [C + 1], cellAtoms [N], nbr [N, M], count [N], status [3] (int32); image [N, M] (int64, packed lattice
 * images); leg [N, M, 3] for sw.
 * Each force evaluation bins the atoms, builds the full neighbour list at the cutoff (no skin: it
 * is rebuilt every step, so it is never stale) and runs the style's kernel. The host reads back
 * the status words after the neighbour search (a row longer than M grows M and searches again) and
 * after the second kick (non-finite values), and the state only when asked.
 */
final class CudaMdTrajectory implements MdKernels.Trajectory {
    private static final int BLOCK = 128;
    private static final int SCAN_THREADS = 256;
    private static final int SUM_THREADS = 256;
    // rows of the sw parameter table the kernel reads (md_forces.cu's SW_* rows)
    private static final int SW_ROWS = 10;

    private final Device device;
    private final DeviceAllocator allocator;
    private final int maxGrid;
    private final int n;
    private final CudaMdCell cell;
    private final MdKernels.Style style;
    private final double dt;
    private final double halfKick;
    private final List<DeviceAllocator.Block> owned = new ArrayList<>();
    private final long x, v, f, mass, e, w, type, cellOf, wrap, counts, cursor, starts, cellAtoms, status, box, coef, sums;
    private int maxNbr;
    private long nbr, image, count, leg;
    private DeviceAllocator.Block nbrBlock, imageBlock, legBlock;
    private long steps;
    private long builds;
    private boolean closed;

    CudaMdTrajectory(Device device, DeviceAllocator allocator, int maxGrid, CudaTensor x0, CudaTensor v0, int[] types, double[] masses,
                     CudaMdCell cell, MdKernels.Style style, double dt, double ftm2v) {
        this.device = device;
        this.allocator = allocator;
        this.maxGrid = maxGrid;
        this.n = types.length;
        this.cell = cell;
        this.style = style;
        this.dt = dt;
        this.halfKick = 0.5 * dt * ftm2v;
        long n3 = 3L * n;
        x = block(8 * n3);
        v = block(8 * n3);
        device.copy(x0.address(), x, 8 * n3);
        device.copy(v0.address(), v, 8 * n3);
        f = block(8 * n3);
        mass = block(8L * n);
        device.upload(masses, 0, n, mass);
        e = block(8L * n);
        w = block(48L * n);
        type = block(4L * n);
        device.upload(types, 0, n, type);
        cellOf = block(4L * n);
        wrap = block(4 * n3);
        counts = block(4L * cell.count());
        cursor = block(4L * cell.count());
        starts = block(4L * (cell.count() + 1));
        cellAtoms = block(4L * n);
        count = block(4L * n);
        status = block(12);
        sums = block(8 * 8);
        box = block(8 * 18);
        device.upload(cell.box(), 0, 18, box);
        double[] table = style instanceof MdKernels.LjCut lj ? ljTable(lj) : swTable((MdKernels.StillingerWeber) style);
        coef = block(8L * table.length);
        device.upload(table, 0, table.length, coef);
        // room for 1.5 times the mean neighbour count of the density N/V, grown when a row is longer
        double mean = n / cell.volume() * 4.0 / 3.0 * Math.PI * Math.pow(style.cutoff(), 3);
        allocateLists((int) Math.min(Integer.MAX_VALUE / 4, Math.ceil(1.5 * mean) + 8));
        evaluate();
        device.synchronize();
    }

    private long block(long bytes) {
        DeviceAllocator.Block b = allocator.allocate(Math.max(8, bytes));
        owned.add(b);
        return b.handle();
    }

    private void allocateLists(int m) {
        if (nbrBlock != null) {
            device.synchronize();
            nbrBlock.release();
            imageBlock.release();
            if (legBlock != null) legBlock.release();
        }
        maxNbr = m;
        long entries = (long) n * m;
        nbrBlock = allocator.allocate(Math.max(8, 4 * entries));
        imageBlock = allocator.allocate(Math.max(8, 8 * entries));
        nbr = nbrBlock.handle();
        image = imageBlock.handle();
        if (style instanceof MdKernels.StillingerWeber) {
            legBlock = allocator.allocate(Math.max(8, 24 * entries));
            leg = legBlock.handle();
        }
    }

    /** Room for {@code rowLength} neighbours a row from now on (fewer than a row needs: the next step grows the lists again). */
    void reserve(int rowLength) {
        open();
        if (rowLength < 1) throw new IllegalArgumentException("md: reserve(" + rowLength + "); give a row length >= 1");
        allocateLists(rowLength);
    }

    /** Room for a row of the neighbour list, in entries. */
    int rowCapacity() { return maxNbr; }

    /** lj/cut's coefficients per type pair p, rows lj1, lj2, lj3, lj4, offset (LAMMPS's init_one). */
    static double[] ljTable(MdKernels.LjCut lj) {
        int pairs = lj.types() * lj.types();
        double[] eps = lj.epsilon(), sig = lj.sigma();
        double[] t = new double[5 * pairs];
        for (int p = 0; p < pairs; p++) {
            double s6 = Math.pow(sig[p], 6);
            t[p] = 48 * eps[p] * s6 * s6;
            t[pairs + p] = 24 * eps[p] * s6;
            t[2 * pairs + p] = 4 * eps[p] * s6 * s6;
            t[3 * pairs + p] = 4 * eps[p] * s6;
            double sr6 = Math.pow(sig[p] / lj.cutoff(), 6);
            t[4 * pairs + p] = lj.shift() ? 4 * eps[p] * (sr6 * sr6 - sr6) : 0;
        }
        return t;
    }

    /**
     * sw's rows per slot as md_forces.cu reads them: a σ, cutoff² (a σ plus LAMMPS's tol shift
     * γσ/ln(tol), or σ/ln(tol) for γ ≥ 1, tol capped at 0.01; none for tol = 0), σ, γσ, λε, cos θ0,
     * A ε B σ^p, A ε σ^q, p, q.
     */
    static double[] swTable(MdKernels.StillingerWeber sw) {
        double[][] v = sw.values(); // epsilon, sigma, a, lambda, gamma, costheta0, A, B, p, q, tol
        int slots = v[0].length;
        double[] t = new double[SW_ROWS * slots];
        for (int s = 0; s < slots; s++) {
            double eps = v[0][s], sigma = v[1][s], a = v[2][s], lambda = v[3][s], gamma = v[4][s], cos0 = v[5][s];
            double bigA = v[6][s], bigB = v[7][s], p = v[8][s], q = v[9][s], tol = v[10][s];
            double cut = sigma * a;
            double shift = tol > 0 ? (gamma < 1 ? gamma * sigma : sigma) / Math.log(Math.min(tol, 0.01)) : 0;
            double rc = cut + shift;
            t[s] = cut;
            t[slots + s] = rc * rc;
            t[2 * slots + s] = sigma;
            t[3 * slots + s] = sigma * gamma;
            t[4 * slots + s] = lambda * eps;
            t[5 * slots + s] = cos0;
            t[6 * slots + s] = bigA * eps * bigB * Math.pow(sigma, p);
            t[7 * slots + s] = bigA * eps * Math.pow(sigma, q);
            t[8 * slots + s] = p;
            t[9 * slots + s] = q;
        }
        return t;
    }

    private int grid(long work) { return (int) Math.max(1, Math.min(maxGrid, (work + BLOCK - 1) / BLOCK)); }

    private void launch(String kernel, long work, KernelArgs args) { device.launch(kernel, grid(work), BLOCK, 0, args); }

    private int[] readStatus() {
        int[] s = new int[3];
        device.download(status, s, 0, 3);
        return s;
    }

    /** Bins the atoms and builds the neighbour list at the current positions (status zeroed first); queued, no host sync. */
    private void search() {
        int cells = cell.count();
        int[] nc = cell.cells();
        device.zero(counts, 4L * cells);
        device.zero(cursor, 4L * cells);
        device.zero(status, 12);
        launch("md_bin", n, KernelArgs.of().i64(n).ptr(x).ptr(box).i32(nc[0]).i32(nc[1]).i32(nc[2]).ptr(cellOf).ptr(wrap).ptr(counts));
        device.launch("md_cell_starts", 1, SCAN_THREADS, 0, KernelArgs.of().i32(cells).ptr(counts).ptr(starts));
        launch("md_cell_fill", n, KernelArgs.of().i64(n).ptr(cellOf).ptr(starts).ptr(cursor).ptr(cellAtoms));
        launch("md_cell_sort", cells, KernelArgs.of().i32(cells).ptr(starts).ptr(cellAtoms));
        neighbors();
        builds++;
    }

    private void neighbors() {
        int[] nc = cell.cells();
        int[] reach = cell.reach();
        double cutoff = style.cutoff();
        launch("md_neighbors", n, KernelArgs.of().i64(n).ptr(x).ptr(box).i32(nc[0]).i32(nc[1]).i32(nc[2]).i32(reach[0]).i32(reach[1]).i32(reach[2])
                .f64(cutoff * cutoff).ptr(cellOf).ptr(wrap).ptr(starts).ptr(cellAtoms).i32(maxNbr).ptr(nbr).ptr(image).ptr(count).ptr(status));
    }

    /** Whether the last search's rows fit the lists (status from the host); an image too far away throws Runaway. */
    private boolean fits(int[] s) {
        if (s[1] != 0) {
            checkPositions();
            throw new MdKernels.Runaway(steps, n - s[1], "is 2^20 or more cells from the image of a neighbour it interacts with (a runaway atom)");
        }
        return s[0] <= maxNbr;
    }

    /** Lists with room for {@code longest} entries a row (and a margin), and the search's neighbour step again. */
    private void regrow(int longest) {
        allocateLists(longest + 8);
        device.zero(status, 12);
        neighbors();
    }

    /** The style's forces, energies and virials from the current list; queued. */
    private void computeForces() {
        double cutoff = style.cutoff();
        if (style instanceof MdKernels.LjCut lj) {
            launch("md_lj_cut", n, KernelArgs.of().i64(n).ptr(x).ptr(box).ptr(type).i32(lj.types()).ptr(coef).f64(cutoff * cutoff).i32(maxNbr)
                    .ptr(nbr).ptr(image).ptr(count).ptr(f).ptr(e).ptr(w));
        } else {
            launch("md_sw_legs", n, KernelArgs.of().i64(n).ptr(x).ptr(box).ptr(type).i32(style.types()).ptr(coef).i32(maxNbr)
                    .ptr(nbr).ptr(image).ptr(count).ptr(leg));
            launch("md_sw", n, KernelArgs.of().i64(n).ptr(x).ptr(box).ptr(type).i32(style.types()).ptr(coef).i32(maxNbr)
                    .ptr(nbr).ptr(image).ptr(count).ptr(leg).ptr(f).ptr(e).ptr(w));
        }
    }

    /** Neighbour search and forces at the current positions, the lists grown until they fit (one host sync, more after a growth). */
    private void evaluate() {
        search();
        for (int[] s = readStatus(); !fits(s); s = readStatus()) regrow(s[0]);
        computeForces();
    }

    /** Throws Runaway for the first atom with a non-finite position (at the current step). */
    private void checkPositions() {
        double[] r = download(x);
        for (int k = 0; k < r.length; k++) {
            if (!Double.isFinite(r[k])) throw new MdKernels.Runaway(steps, k / 3, "has a non-finite position component " + "xyz".charAt(k % 3) + " = " + r[k]);
        }
    }

    private double[] download(long at) {
        double[] out = new double[3 * n];
        device.download(at, out, 0, out.length);
        return out;
    }

    private void open() {
        if (closed) throw new IllegalStateException("md: the trajectory is closed");
    }

    @Override public int atoms() { return n; }

    @Override public long steps() { return steps; }

    @Override
    public void advance(int count) {
        open();
        if (count < 0) throw new IllegalArgumentException("md: advance(" + count + "); give a step count >= 0");
        // one host sync a step: the status words after the second kick, which the kernel skips when the
        // search overflowed the lists (then they grow and the forces and the kick are redone)
        for (int k = 0; k < count; k++) {
            launch("md_kick_drift", n, KernelArgs.of().i64(n).f64(halfKick).f64(dt).ptr(mass).ptr(f).ptr(v).ptr(x));
            steps++;
            search();
            computeForces();
            kickCheck();
            int[] s = readStatus();
            while (!fits(s)) {
                regrow(s[0]);
                computeForces();
                kickCheck();
                s = readStatus();
            }
            if (s[2] != 0) throw nonFinite(n - s[2]);
        }
    }

    private void kickCheck() {
        launch("md_kick_check", n, KernelArgs.of().i64(n).f64(halfKick).ptr(mass).ptr(f).ptr(v).ptr(x).i32(maxNbr).ptr(status));
    }

    /** The Runaway of {@code atom}, naming the first of its position, velocity and force components that is not finite. */
    private MdKernels.Runaway nonFinite(int atom) {
        String[] names = {"position", "velocity", "force"};
        long[] arrays = {x, v, f};
        for (int a = 0; a < 3; a++) {
            double[] r = download(arrays[a]);
            for (int k = 0; k < 3; k++) {
                double value = r[3 * atom + k];
                if (!Double.isFinite(value)) {
                    return new MdKernels.Runaway(steps, atom, "has a non-finite " + names[a] + " component " + "xyz".charAt(k) + " = " + value);
                }
            }
        }
        return new MdKernels.Runaway(steps, atom, "has a non-finite value");
    }

    private Tensor copyOf(long at) {
        open();
        CudaTensor t = CudaTensor.onDevice(Shape.of(n, 3), DType.FLOAT64, allocator.allocate(24L * n));
        device.copy(at, t.address(), 24L * n);
        device.synchronize();
        return t;
    }

    @Override public Tensor positions() { return copyOf(x); }

    @Override public Tensor velocities() { return copyOf(v); }

    @Override public Tensor forces() { return copyOf(f); }

    @Override
    public MdKernels.Sums sums() {
        open();
        device.launch("md_sums", 1, SUM_THREADS, 0, KernelArgs.of().i64(n).ptr(e).ptr(mass).ptr(v).ptr(w).ptr(sums));
        double[] s = new double[8];
        device.download(sums, s, 0, 8);
        return new MdKernels.Sums(s[0], s[1], new double[] {s[2], s[3], s[4], s[5], s[6], s[7]});
    }

    @Override public long neighborBuilds() { return builds; }

    /**
     * For benchmarks: the style's force kernels alone ({@code md_lj_cut}; {@code md_sw_legs} then {@code md_sw}) on the
     * current neighbour list, {@code evaluations} times, each between two device syncs: the wall seconds of each. The
     * kernels overwrite f, e, w (and leg) with the values they hold, so the trajectory is left as it was.
     */
    double[] timeForces(int evaluations) {
        open();
        if (evaluations < 1) throw new IllegalArgumentException("md: timeForces(" + evaluations + "); give evaluations >= 1");
        double[] seconds = new double[evaluations];
        device.synchronize();
        for (int k = 0; k < evaluations; k++) {
            long t0 = System.nanoTime();
            computeForces();
            device.synchronize();
            seconds[k] = (System.nanoTime() - t0) / 1e9;
        }
        return seconds;
    }

    /** For benchmarks: the entries of the current neighbour list, the sum over atoms of min(count_i, M). */
    long neighborEntries() {
        open();
        int[] c = new int[n];
        device.download(count, c, 0, n);
        long entries = 0;
        for (int k : c) entries += Math.min(k, maxNbr);
        return entries;
    }

    /** The LAMMPS name of the trajectory's style. */
    String styleName() { return style.name(); }

    /** What the trajectory's device is. */
    DeviceInfo deviceInfo() { return device.describe(); }

    /**
     * The current neighbour list, for tests: row i lists its entries as {j, m0, m1, m2} (neighbour and
     * lattice image, d = x_j + h m − x_i) in the kernels' order.
     */
    int[][][] neighborRows() {
        open();
        int[] c = new int[n];
        int[] nb = new int[n * maxNbr];
        long[] im = new long[n * maxNbr];
        device.download(count, c, 0, n);
        device.download(nbr, nb, 0, nb.length);
        device.download(image, im, 0, im.length);
        int[][][] rows = new int[n][][];
        for (int i = 0; i < n; i++) {
            rows[i] = new int[c[i]][];
            for (int q = 0; q < c[i]; q++) {
                long packed = im[i * maxNbr + q];
                long mask = (1L << 21) - 1, bias = 1L << 20;
                rows[i][q] = new int[] {nb[i * maxNbr + q], (int) ((packed & mask) - bias), (int) (((packed >> 21) & mask) - bias), (int) (((packed >> 42) & mask) - bias)};
            }
        }
        return rows;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        device.synchronize();
        for (DeviceAllocator.Block b : owned) b.release();
        owned.clear();
        nbrBlock.release();
        imageBlock.release();
        if (legBlock != null) legBlock.release();
    }
}
