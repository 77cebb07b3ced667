package org.polymorph.gpu.cuda.internal;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jcuda.driver.CUresult;

/**
 * A {@link Device} that runs the bundle's CUDA kernels on the CPU, for tests without a GPU.
 *
 * <p>The kernel sources ({@code src/main/cuda/*.cu}) are compiled as C++ by g++ ({@code -x c++})
 * behind the emulation header {@code src/test/cuda/cuda_emulation.h}, together with launch wrappers
 * generated from the kernels' signatures by {@link KernelWrapperGenerator} and the runtime
 * {@code src/test/cuda/emulation_runtime.cpp}, into a shared library under
 * {@code target/emulated-kernels/}, named by the SHA-256 of everything compiled (so it is rebuilt
 * only when a source changes) and loaded with JNA.
 *
 * <p>Device memory is native memory ({@code malloc}); handles are its addresses. A launch starts
 * {@code block} pthreads which run the grid's blocks one after another: thread t runs the kernel
 * as {@code threadIdx.x = t} of block 0, all meet at a barrier, then block 1, and so on. A block's
 * {@code __shared__} arrays are function statics, shared by its threads, and {@code __syncthreads()}
 * waits on the block's pthread barrier; {@code atomicAdd} is a compare-and-swap loop. Launches
 * run to completion before {@link #launch} returns, one at a time.
 *
 * <p>Not emulated: warps (no lockstep execution, so code that relies on implicit warp
 * synchronisation may pass here and fail on a GPU), warp shuffles and votes, concurrency between
 * blocks (a kernel whose blocks wait for each other would pass here and deadlock or race on a GPU),
 * dynamic shared memory, 2-D/3-D grids, streams and asynchrony, device limits (registers, shared
 * memory size), and the GPU's floating-point details (fused multiply-add contraction, the CUDA math
 * library's error bounds: results agree to rounding, not bit for bit).
 *
 * <p>Checks that a GPU does not make: every argument's C type against the kernel's signature, every
 * pointer argument and every host copy against the live allocations.
 */
final class EmulatedDevice implements Device {
    static final Path SOURCES = Path.of("src/main/cuda");
    static final Path EMULATION = Path.of("src/test/cuda");
    static final Path OUTPUT = Path.of("target/emulated-kernels");

    private final Function launch;
    private final Function memmove;
    private final Map<String, KernelWrapperGenerator.Kernel> kernels = new LinkedHashMap<>();
    private final TreeMap<Long, Long> allocations = new TreeMap<>(); // address -> bytes
    private boolean closed;

    private EmulatedDevice(Path library, List<KernelWrapperGenerator.Kernel> kernels) {
        NativeLibrary lib = NativeLibrary.getInstance(library.toAbsolutePath().toString());
        this.launch = lib.getFunction("emu_launch");
        this.memmove = NativeLibrary.getInstance("c").getFunction("memmove");
        for (KernelWrapperGenerator.Kernel k : kernels) this.kernels.put(k.name(), k);
    }

    /** Why the emulator cannot be built here (no g++), or null when it can. */
    static String unavailableReason() { return unavailableReason(Path.of("")); }

    /** As {@link #unavailableReason()} for the gpu-bundle folder {@code gpuBundle}. */
    static String unavailableReason(Path gpuBundle) {
        try {
            Process p = new ProcessBuilder("g++", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) return "g++ --version failed";
            return Files.isDirectory(gpuBundle.resolve(SOURCES)) ? null : "no kernel sources at " + gpuBundle.resolve(SOURCES).toAbsolutePath();
        } catch (IOException e) {
            return "g++ not found: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Compiles the kernels for the CPU (unless an identical build exists) and loads them. */
    static EmulatedDevice open() throws IOException, InterruptedException { return open(Path.of("")); }

    /**
     * The same from another module's tests: {@code gpuBundle} is the gpu-bundle folder (its
     * {@code src/main/cuda}, {@code src/test/cuda} are read and the library is built under its {@code target}).
     */
    static EmulatedDevice open(Path gpuBundle) throws IOException, InterruptedException {
        Path sourceDir = gpuBundle.resolve(SOURCES);
        Path emulationDir = gpuBundle.resolve(EMULATION);
        Path outputDir = gpuBundle.resolve(OUTPUT);
        List<Path> sources;
        try (Stream<Path> files = Files.list(sourceDir)) {
            sources = files.filter(f -> f.toString().endsWith(".cu")).sorted().toList();
        }
        List<KernelWrapperGenerator.Kernel> kernels = new ArrayList<>();
        MessageDigest digest = sha256();
        for (Path source : sources) {
            String text = Files.readString(source);
            kernels.addAll(KernelWrapperGenerator.parse(source.getFileName().toString(), text));
        }
        Path header = emulationDir.resolve("cuda_emulation.h");
        Path runtime = emulationDir.resolve("emulation_runtime.cpp");
        String unit = KernelWrapperGenerator.translationUnit(header, sources, kernels, runtime);
        digest.update(unit.getBytes(StandardCharsets.UTF_8));
        try (Stream<Path> files = Stream.concat(Files.list(sourceDir), Files.list(emulationDir))) {
            for (Path f : files.sorted().toList()) {
                digest.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(f));
            }
        }
        String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        Files.createDirectories(outputDir);
        Path library = outputDir.resolve("libpolymorph-kernels-" + hash + ".so");
        if (!Files.exists(library)) compile(unit, library);
        return new EmulatedDevice(library, kernels);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compile(String unit, Path library) throws IOException, InterruptedException {
        Path cpp = library.resolveSibling(library.getFileName().toString().replace(".so", ".cpp"));
        Files.writeString(cpp, unit);
        Path partial = Files.createTempFile(library.getParent(), "partial-", ".so");
        Process p = new ProcessBuilder("g++", "-std=c++17", "-O2", "-fPIC", "-shared", "-pthread", "-x", "c++",
                cpp.toAbsolutePath().toString(), "-o", partial.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            Files.deleteIfExists(partial);
            throw new IllegalStateException("g++ could not compile the kernels for emulation (" + cpp + "):\n" + log);
        }
        Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The kernels the library holds, by name. */
    Map<String, KernelWrapperGenerator.Kernel> kernels() { return kernels; }

    private void open(String what) {
        if (closed) throw new IllegalStateException(what + " on a closed EmulatedDevice");
    }

    /** Throws unless [address, address + bytes) lies inside one live allocation. */
    private void inside(long address, long bytes, String what) {
        Entry<Long, Long> a = allocations.floorEntry(address);
        if (a == null || address + bytes > a.getKey() + a.getValue() || bytes < 0) {
            throw new IndexOutOfBoundsException(what + ": " + bytes + " bytes at 0x" + Long.toHexString(address)
                    + " are not inside one allocation" + (a == null ? "" : " (nearest below: 0x" + Long.toHexString(a.getKey()) + ", " + a.getValue() + " bytes)"));
        }
    }


    @Override
    public synchronized long allocate(long bytes) {
        open("allocate");
        if (bytes <= 0) throw new IllegalArgumentException("bytes=" + bytes + ": allocate at least one byte");
        long address = Native.malloc(bytes);
        if (address == 0) throw new DeviceException("malloc(" + bytes + " bytes)", null, 2, CUresult.stringFor(2));
        allocations.put(address, bytes);
        return address;
    }

    @Override
    public synchronized void free(long handle) {
        open("free");
        if (allocations.remove(handle) == null) {
            throw new IllegalArgumentException("free(0x" + Long.toHexString(handle) + "): not a live allocation's handle");
        }
        Native.free(handle);
    }

    @Override
    public synchronized void upload(double[] src, int offset, int count, long dst) {
        Objects.checkFromIndexSize(offset, count, src.length);
        inside(dst, 8L * count, "upload");
        new Pointer(dst).write(0, src, offset, count);
    }

    @Override
    public synchronized void upload(float[] src, int offset, int count, long dst) {
        Objects.checkFromIndexSize(offset, count, src.length);
        inside(dst, 4L * count, "upload");
        new Pointer(dst).write(0, src, offset, count);
    }

    @Override
    public synchronized void upload(int[] src, int offset, int count, long dst) {
        Objects.checkFromIndexSize(offset, count, src.length);
        inside(dst, 4L * count, "upload");
        new Pointer(dst).write(0, src, offset, count);
    }

    @Override
    public synchronized void upload(long[] src, int offset, int count, long dst) {
        Objects.checkFromIndexSize(offset, count, src.length);
        inside(dst, 8L * count, "upload");
        new Pointer(dst).write(0, src, offset, count);
    }

    @Override
    public synchronized void download(long src, double[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        inside(src, 8L * count, "download");
        new Pointer(src).read(0, dst, offset, count);
    }

    @Override
    public synchronized void download(long src, float[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        inside(src, 4L * count, "download");
        new Pointer(src).read(0, dst, offset, count);
    }

    @Override
    public synchronized void download(long src, int[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        inside(src, 4L * count, "download");
        new Pointer(src).read(0, dst, offset, count);
    }

    @Override
    public synchronized void download(long src, long[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        inside(src, 8L * count, "download");
        new Pointer(src).read(0, dst, offset, count);
    }

    @Override
    public synchronized void copy(long src, long dst, long bytes) {
        inside(src, bytes, "copy from");
        inside(dst, bytes, "copy to");
        memmove.invoke(Pointer.class, new Object[] {new Pointer(dst), new Pointer(src), bytes});
    }

    @Override
    public synchronized void zero(long dst, long bytes) {
        inside(dst, bytes, "zero");
        new Pointer(dst).setMemory(0, bytes, (byte) 0);
    }

    @Override
    public synchronized void launch(String kernel, int grid, int block, int sharedBytes, KernelArgs args) {
        open("launch");
        KernelWrapperGenerator.Kernel k = kernels.get(kernel);
        if (k == null) throw new DeviceException("emu_launch" + args, kernel, 500, CUresult.stringFor(500));
        if (sharedBytes != 0) {
            throw new IllegalArgumentException("sharedBytes=" + sharedBytes + ": dynamic shared memory is not emulated; the bundle's kernels use static __shared__ arrays (pass 0)");
        }
        if (args.size() != k.params().size()) {
            throw new IllegalArgumentException("kernel " + kernel + " takes " + k.params().size() + " arguments " + k.params() + ", got " + args.size() + " " + args);
        }
        Memory values = new Memory(8L * Math.max(1, args.size()));
        Memory pointers = new Memory(8L * Math.max(1, args.size()));
        for (int i = 0; i < args.size(); i++) {
            KernelWrapperGenerator.Param p = k.params().get(i);
            if (args.kind(i) != p.kind()) {
                throw new IllegalArgumentException("kernel " + kernel + " argument " + i + " (" + p.type() + " " + p.name() + ") is "
                        + p.kind().name().toLowerCase() + ", got " + args.kind(i).name().toLowerCase() + " in " + args);
            }
            long bits = args.bits(i);
            if (p.kind() == KernelArgs.Kind.PTR && bits != 0) inside(bits, 1, "kernel " + kernel + " argument " + i + " (" + p.name() + ")");
            if (p.kind().bytes() == 4) values.setInt(8L * i, (int) bits);
            else values.setLong(8L * i, bits);
            pointers.setPointer(8L * i, values.share(8L * i));
        }
        int code = launch.invokeInt(new Object[] {kernel, grid, block, pointers});
        // the kernel's threads read the argument values through `pointers` while the call runs: neither Memory
        // may be collected (and its native memory freed) before it returns, though Java reads neither after it
        java.lang.ref.Reference.reachabilityFence(values);
        java.lang.ref.Reference.reachabilityFence(pointers);
        if (code != 0) throw new DeviceException("emu_launch(grid " + grid + ", block " + block + ")" + args, kernel, code, CUresult.stringFor(code));
    }

    @Override
    public void synchronize() {
        open("synchronize"); // launches and copies complete before they return
    }

    @Override
    public DeviceInfo describe() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return new DeviceInfo("CUDA kernels emulated on the CPU (g++, one block at a time)", "emulated", memory);
    }

    /** Frees what is still allocated. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (long address : allocations.keySet()) Native.free(address);
        allocations.clear();
    }
}
