package org.polymorph.gpu.cpu.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Tensor;

/** Backend-specific behaviour: views, the BLAS/Java split, native results, dtype rules. */
class Nd4jTensorServiceTest {
    private final Nd4jTensorService svc = TestServices.service();
    private final Nd4jTensorService alwaysBlas = TestServices.service(1);
    private final Nd4jTensorService neverBlas = TestServices.service(Long.MAX_VALUE);

    private static double maxDiff(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void transposeAndSliceAreViewsOverOneStorage() {
        NdTensor x = (NdTensor) svc.arange(DType.FLOAT64, 0, 12, 1);
        NdTensor m = (NdTensor) svc.reshape(x, 3, 4);
        NdTensor t = (NdTensor) svc.transpose(m);
        NdTensor s = (NdTensor) svc.slice(m, new int[] {0, 3}, new int[] {3, -5}, new int[] {2, -2});
        assertSame(x.storage, t.storage);
        assertSame(x.storage, s.storage);
        assertFalse(t.contiguous);
        assertArrayEquals(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, svc.toDoubleArray(t));
        assertArrayEquals(new double[] {3, 1, 11, 9}, svc.toDoubleArray(s));
    }

    @Test
    void viewsFeedNativeGemmWithoutChangingResults() {
        int n = 70;
        Tensor a = svc.normal(RandomKey.of(3), DType.FLOAT64, n, 2 * n);
        Tensor b = svc.normal(RandomKey.of(4), DType.FLOAT64, n, n);
        Tensor aT = svc.transpose(svc.slice(a, new int[] {0, 0}, new int[] {n, 2 * n}, new int[] {1, 2}));
        Tensor bT = svc.transpose(b);
        double[] nat = alwaysBlas.toDoubleArray(alwaysBlas.matmul(aT, bT));
        double[] java = neverBlas.toDoubleArray(neverBlas.matmul(aT, bT));
        assertTrue(maxDiff(nat, java) < 1e-12, "BLAS and Java paths differ by " + maxDiff(nat, java));
        NdTensor out = (NdTensor) alwaysBlas.matmul(aT, bT);
        assertFalse(out.storage.hasHeap(), "a BLAS result stays native until read");
        alwaysBlas.toDoubleArray(out);
        assertTrue(out.storage.hasHeap());
    }

    @Test
    void batchedBroadcastMatmulAgreesAcrossThresholds() {
        Tensor a = svc.normal(RandomKey.of(5), DType.FLOAT64, 2, 1, 9, 7);
        Tensor b = svc.normal(RandomKey.of(6), DType.FLOAT64, 3, 7, 5);
        double[] nat = alwaysBlas.toDoubleArray(alwaysBlas.matmul(a, b));
        double[] java = neverBlas.toDoubleArray(neverBlas.matmul(a, b));
        assertArrayEquals(new int[] {2, 3, 9, 5}, alwaysBlas.matmul(a, b).shape().toArray());
        assertTrue(maxDiff(nat, java) < 1e-12);
        Tensor a32 = svc.cast(a, DType.FLOAT32);
        Tensor b32 = svc.cast(b, DType.FLOAT32);
        double[] f32 = alwaysBlas.toDoubleArray(alwaysBlas.matmul(a32, b32));
        assertTrue(maxDiff(f32, java) < 1e-4, "float32 GEMM off by " + maxDiff(f32, java));
    }

    @Test
    void vectorOperandsPromoteAndSqueeze() {
        Tensor m = svc.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor v = svc.fromArray(new double[] {1, 0, -1}, 3);
        for (Nd4jTensorService s : new Nd4jTensorService[] {alwaysBlas, neverBlas}) {
            Tensor r = s.matmul(m, v);
            assertArrayEquals(new int[] {2}, r.shape().toArray());
            assertArrayEquals(new double[] {-2, -2}, s.toDoubleArray(r));
            assertEquals(2.0, s.item(s.dot(v, s.fromArray(new double[] {2, 1, 0}, 3))));
        }
    }

    @Test
    void integerAndBoolRules() {
        Tensor a = svc.fromArray(new int[] {7, -7, Integer.MAX_VALUE}, 3);
        Tensor b = svc.fromArray(new int[] {2, 2, 1}, 3);
        assertArrayEquals(new int[] {3, -3, Integer.MAX_VALUE}, svc.toIntArray(svc.div(a, b)));
        assertArrayEquals(new int[] {1, 1, 0}, svc.toIntArray(svc.binary(BinaryOp.MOD, a, b)));
        assertArrayEquals(new int[] {9, -5, Integer.MIN_VALUE}, svc.toIntArray(svc.add(a, b)));
        assertThrows(ArithmeticException.class, () -> svc.div(a, svc.zeros(DType.INT32, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> svc.add(svc.ones(DType.BOOL, 2), svc.ones(DType.BOOL, 2)));
        assertTrue(e.getMessage().contains("bool"), e.getMessage());
        IllegalArgumentException mix = assertThrows(IllegalArgumentException.class,
                () -> svc.add(svc.ones(DType.FLOAT64, 2), svc.ones(DType.FLOAT32, 2)));
        assertTrue(mix.getMessage().contains("cast"), mix.getMessage());
    }

    @Test
    void sortPutsNaNLastAndRandomFollowsTheKey() {
        Tensor x = svc.fromArray(new double[] {3, Double.NaN, -1, 2}, 4);
        assertArrayEquals(new double[] {-1, 2, 3, Double.NaN}, svc.toDoubleArray(svc.sort(x, 0)));
        assertArrayEquals(new long[] {2, 3, 0, 1}, svc.toLongArray(svc.argsort(x, -1)));
        RandomKey key = RandomKey.of(42).split(2)[1];
        double[] r = svc.toDoubleArray(svc.normal(key, DType.FLOAT64, 2, 3));
        for (int i = 0; i < r.length; i++) assertEquals(key.normal(i), r[i]);
    }

    @Test
    void reductionsOverViews() {
        Tensor m = svc.transpose(svc.reshape(svc.arange(DType.FLOAT64, 0, 6, 1), 2, 3));
        assertArrayEquals(new double[] {3, 5, 7}, svc.toDoubleArray(svc.sum(m, 1)));
        assertArrayEquals(new long[] {1, 1, 1}, svc.toLongArray(svc.argmax(m, 1, false)));
        assertEquals(15.0, svc.item(svc.reduce(ReduceOp.SUM, m, false)));
        assertArrayEquals(new double[] {0, 3, 1, 5, 2, 7}, svc.toDoubleArray(svc.cumsum(m, 1)));
    }

    @Test
    void describeNamesBlasCoreAndThresholds() {
        Map<String, Object> d = svc.describe();
        assertEquals("nd4j-cpu", d.get("backend"));
        Map<?, ?> blas = (Map<?, ?>) d.get("blas");
        assertTrue(String.valueOf(blas.get("version")).contains("0.3.31"), String.valueOf(blas));
        assertTrue(((Number) blas.get("threads")).intValue() >= 1, String.valueOf(blas));
        assertFalse(String.valueOf(blas.get("core")).isBlank());
        assertEquals(Nd4jTensorService.DEFAULT_BLAS_MIN_FLOPS, ((Map<?, ?>) d.get("thresholds")).get("blas_min_flops"));
        assertEquals("1.0.0-M2.1", ((Map<?, ?>) d.get("nd4j")).get("version"));
    }

    @Test
    void nd4jInitialisesOutsideOsgi() {
        Map<String, Object> info = TestServices.ND4J.await();
        assertEquals("CpuBackend", info.get("backend"));
    }

    @Test
    void foreignTensorsAreRejectedWithAFix() {
        Tensor foreign = new Tensor() {
            @Override public org.polymorph.core.tensor.Shape shape() { return org.polymorph.core.tensor.Shape.of(2); }
            @Override public DType dtype() { return DType.FLOAT64; }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> svc.exp(foreign));
        assertTrue(e.getMessage().contains("another TensorService"), e.getMessage());
    }
}
