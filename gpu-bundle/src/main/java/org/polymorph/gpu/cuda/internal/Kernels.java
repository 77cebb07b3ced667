package org.polymorph.gpu.cuda.internal;

import java.io.IOException;
import java.io.InputStream;
import org.polymorph.core.tensor.DType;

/**
 * Where the bundle's kernels are and what they are called. The build compiles
 * {@code src/main/cuda/*.cu} with nvcc into one fatbin (sm_90 machine code plus compute_75 PTX that
 * the driver compiles for other GPUs) at {@link #FATBIN}, and ships the sources under {@link #SOURCES}.
 */
public final class Kernels {
    /** Classpath resource of the fatbin holding every kernel. */
    public static final String FATBIN = "org/polymorph/gpu/cuda/kernels.fatbin";

    /** Classpath folder of the kernels' CUDA C sources. */
    public static final String SOURCES = "org/polymorph/gpu/cuda/src/";

    private Kernels() { }

    /** The kernel of {@code family} (fill, arange, binary, unary, copy_strided, reduce_last, matmul, gather, scatter_add, where, cumsum_last, argreduce_last, random_uniform, random_normal, sort_rows) for {@code dtype}: e.g. {@code binary_f64}. */
    public static String name(String family, DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> family + "_f32";
            case FLOAT64 -> family + "_f64";
            default -> throw new IllegalArgumentException("dtype=" + dtype + ": the CUDA kernels exist for float32 and float64 only; cast first");
        };
    }

    /** The fatbin's bytes, read from this bundle's class path. */
    public static byte[] image() {
        try (InputStream in = Kernels.class.getClassLoader().getResourceAsStream(FATBIN)) {
            if (in == null) {
                throw new IllegalStateException(FATBIN + " is missing from the bundle; it is built by nvcc during the gpu-bundle build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("reading " + FATBIN + ": " + e, e);
        }
    }
}
