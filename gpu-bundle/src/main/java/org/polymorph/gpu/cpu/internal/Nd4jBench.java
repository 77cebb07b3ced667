package org.polymorph.gpu.cpu.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.polymorph.core.tensor.DType;

/**
 * ND4J called directly (the "through ND4J" peer of the bench methods), with its best call
 * patterns: {@code Nd4j.gemm} into a preallocated f-order result for GEMM
 * (its fastest form), and both allocating and preallocated forms for tiny ops. Waits for ND4J; runs in the guard.
 */
public final class Nd4jBench {
    private final Nd4jRuntime runtime;

    public Nd4jBench(Nd4jRuntime runtime) { this.runtime = runtime; }

    /** Waits until ND4J is initialised. */
    public void ready() { runtime.await(); }

    /** Seconds per n x n GEMM, one sample per repeat, after warmup calls. */
    public double[] gemm(int n, DType dtype, int warmup, int repeats) {
        runtime.await();
        return NativeGuard.call(() -> {
            DataType dt = dtype == DType.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
            INDArray a = Nd4j.rand(dt, n, n).dup('f');
            INDArray b = Nd4j.rand(dt, n, n).dup('f');
            INDArray c = Nd4j.create(dt, new long[] {n, n}, 'f');
            for (int i = 0; i < warmup; i++) Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double[] s = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                s[i] = (System.nanoTime() - t0) / 1e9;
            }
            return s;
        });
    }

    /**
     * ns per tiny float64 op (3 x 3): keys name the op and the call pattern. {@code timer} measures
     * a Runnable in ns per call.
     */
    public Map<String, Double> tinyOps(ToDoubleFunction<Runnable> timer) {
        runtime.await();
        return NativeGuard.call(() -> {
            INDArray a = Nd4j.rand(DataType.DOUBLE, 3, 3);
            INDArray b = Nd4j.rand(DataType.DOUBLE, 3, 3);
            INDArray out = Nd4j.create(DataType.DOUBLE, 3, 3);
            Map<String, Double> ns = new LinkedHashMap<>();
            ns.put("add", timer.applyAsDouble(guarded(() -> a.add(b))));
            ns.put("add_preallocated", timer.applyAsDouble(guarded(() -> a.addi(b, out))));
            ns.put("mul", timer.applyAsDouble(guarded(() -> a.mul(b))));
            ns.put("exp", timer.applyAsDouble(guarded(() -> Transforms.exp(a, true))));
            ns.put("sum", timer.applyAsDouble(guarded(() -> a.sumNumber())));
            ns.put("matmul", timer.applyAsDouble(guarded(() -> a.mmul(b))));
            ns.put("matmul_preallocated", timer.applyAsDouble(guarded(() -> a.mmuli(b, out))));
            return ns;
        });
    }

    /** The body with the guard around each call, as every ND4J call from our code has it. */
    private static Runnable guarded(Runnable body) {
        return () -> NativeGuard.run(body);
    }
}
