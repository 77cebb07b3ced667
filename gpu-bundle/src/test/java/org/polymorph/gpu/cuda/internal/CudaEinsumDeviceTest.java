package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.gpu.cpu.internal.TestServices;

/**
 * einsum on the (emulated) device: every float case agrees with the pure-Java reference service's
 * brute-force loops, stays on the device and never goes through the host; invalid specs get
 * exactly the host service's message; specs with more distinct indices than the strided kernels
 * take run on the host and still agree. Skipped without g++.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CudaEinsumDeviceTest {
    private static final TensorService HOST = TestServices.service();
    private static final TensorService REFERENCE = new ReferenceTensorService();
    private static EmulatedDevice device;
    private static String unavailable;

    /** One einsum case: the spec and the operands' shapes. */
    private record Case(String spec, int[]... shapes) {
        @Override public String toString() { return spec; }
    }

    private static final List<Case> CASES = List.of(
            new Case("ij,jk->ik", new int[] {3, 4}, new int[] {4, 5}),
            new Case("bij,bjk->bik", new int[] {2, 3, 4}, new int[] {2, 4, 5}),
            new Case("bij,bkj->bik", new int[] {2, 3, 4}, new int[] {2, 5, 4}),
            new Case("ii->", new int[] {4, 4}),
            new Case("ii->i", new int[] {4, 4}),
            new Case("bii->bi", new int[] {3, 4, 4}),
            new Case("iij,jk->ik", new int[] {3, 3, 4}, new int[] {4, 2}),
            new Case("i,j->ij", new int[] {3}, new int[] {4}),
            new Case("ij->ji", new int[] {3, 5}),
            new Case("ijk->kji", new int[] {2, 3, 4}),
            new Case("ij->ij", new int[] {2, 3}),
            new Case("ij->", new int[] {3, 4}),
            new Case("ij->j", new int[] {3, 4}),
            new Case("i,i->", new int[] {6}, new int[] {6}),
            new Case("ij,ij->ij", new int[] {3, 4}, new int[] {3, 4}),
            new Case("ij,jk,kl->il", new int[] {2, 3}, new int[] {3, 4}, new int[] {4, 5}),
            new Case("bn,anm,bm->ba", new int[] {2, 3}, new int[] {4, 3, 5}, new int[] {2, 5}),
            new Case("i,i,i->", new int[] {5}, new int[] {5}, new int[] {5}),
            new Case("ijk,ikl->jl", new int[] {2, 3, 4}, new int[] {2, 4, 5}),
            new Case("...ij,...jk->...ik", new int[] {2, 1, 3, 4}, new int[] {5, 4, 2}),
            new Case("...ij,jk", new int[] {2, 3, 4}, new int[] {4, 5}),
            new Case("i...->...", new int[] {3, 2, 2}),
            new Case("ij,jk", new int[] {3, 4}, new int[] {4, 5}),
            new Case("ba", new int[] {3, 4}),
            new Case("ij, jk -> ik", new int[] {3, 4}, new int[] {4, 2}),
            new Case(",ij->ij", new int[] {}, new int[] {2, 3}),
            new Case("ij,jk->ik", new int[] {3, 0}, new int[] {0, 2}),
            new Case("ij,jk->ik", new int[] {0, 4}, new int[] {4, 2}),
            new Case("ij,jk->ik", new int[] {40, 30}, new int[] {30, 20}));

    @BeforeAll
    static void open() throws Exception {
        unavailable = EmulatedDevice.unavailableReason();
        if (unavailable == null) device = EmulatedDevice.open();
    }

    @BeforeEach
    void needsGpp() {
        assumeTrue(device != null, "the CUDA emulation needs g++: " + unavailable);
    }

    @AfterAll
    static void close() {
        if (device != null) device.close();
    }

    private static CudaTensorService service() {
        return new CudaTensorService(device, HOST, 64, 8, 1 << 20);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> hostRuns(CudaTensorService s) {
        return (Map<String, Long>) s.describe().get("host_runs");
    }

    /** Seeded values in [-1, 1) of the shape, one array per operand. */
    private static double[][] values(Case c, long seed) {
        Random r = new Random(seed);
        double[][] v = new double[c.shapes().length][];
        for (int i = 0; i < v.length; i++) {
            long n = 1;
            for (int d : c.shapes()[i]) n *= d;
            v[i] = r.doubles((int) n, -1, 1).toArray();
        }
        return v;
    }

    private static Tensor[] tensors(TensorService s, DType t, Case c, double[][] v) {
        Tensor[] out = new Tensor[v.length];
        for (int i = 0; i < v.length; i++) {
            Tensor x = s.fromArray(v[i], c.shapes()[i]);
            out[i] = t == DType.FLOAT64 ? x : s.cast(x, t);
        }
        return out;
    }

    /** |device - reference| <= tol * (1 + |reference|) elementwise, same shape. */
    private static void agree(String what, Tensor reference, Tensor got, TensorService s, double tol) {
        assertEquals(reference.shape(), got.shape(), what + ": shape");
        double[] want = REFERENCE.toDoubleArray(reference);
        double[] have = s.toDoubleArray(got);
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(have[i] - want[i]) <= tol * (1 + Math.abs(want[i])),
                    what + ": element " + i + " is " + have[i] + ", the reference gives " + want[i]);
        }
    }

    @Test
    void everyCaseAgreesWithTheReferenceOnTheDeviceInBothFloatDtypes() {
        CudaTensorService s = service();
        long seed = 1;
        for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = t == DType.FLOAT64 ? 1e-12 : 1e-5;
            for (Case c : CASES) {
                double[][] v = values(c, seed++);
                Tensor[] ops = tensors(s, t, c, v);
                Tensor got = s.einsum(c.spec(), ops);
                Tensor want = REFERENCE.einsum(c.spec(), tensors(REFERENCE, t, c, v));
                assertEquals(t, got.dtype(), c + " " + t + ": dtype");
                assertTrue(((CudaTensor) got).onDevice(), c + " " + t + ": the result is on the device");
                for (Tensor op : ops) assertNotSame(op, got, c + ": einsum returns a new tensor");
                agree(c + " " + t, want, got, s, tol);
            }
        }
        assertEquals(Map.of(), hostRuns(s), "no float einsum went through the host");
    }

    @Test
    void identityResultIsACopyNotTheOperand() {
        CudaTensorService s = service();
        Tensor a = s.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor same = s.einsum("ij->ij", a);
        assertTrue(((CudaTensor) same).address() != ((CudaTensor) a).address(), "a new block, not the operand's");
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, s.toDoubleArray(same), 0);
        assertArrayEquals(new double[] {5, 7, 9}, s.toDoubleArray(s.einsum("ij->j", a)), 0);
        assertArrayEquals(new double[] {1 + 5}, s.toDoubleArray(s.einsum("ii->", s.fromArray(new double[] {1, 2, 3, 5}, 2, 2))), 0);
    }

    @Test
    void invalidSpecsGetTheHostServicesMessage() {
        CudaTensorService s = service();
        List<Function<TensorService, Tensor>> bad = List.of(
                x -> x.einsum("ij,jk->ik", x.zeros(DType.FLOAT64, 2, 3), x.zeros(DType.FLOAT64, 4, 2)),
                x -> x.einsum("ij->k", x.zeros(DType.FLOAT64, 2, 3)),
                x -> x.einsum("ijk->i", x.zeros(DType.FLOAT64, 2, 3)),
                x -> x.einsum("ij,jk", x.zeros(DType.FLOAT64, 2, 3)),
                x -> x.einsum("i#j->i", x.zeros(DType.FLOAT64, 2, 3)),
                x -> x.einsum("ij->jj", x.zeros(DType.FLOAT64, 2, 3)),
                x -> x.einsum("i.j->i", x.zeros(DType.FLOAT64, 2, 3)),
                x -> x.einsum("ij,jk->ik", x.zeros(DType.FLOAT64, 2, 3), x.zeros(DType.FLOAT32, 3, 2)),
                x -> x.einsum("ij,jk->ik", x.fromArray(new long[] {1, 2}, 1, 2), x.fromArray(new long[] {1, 2}, 2, 1)),
                x -> x.einsum(null, x.zeros(DType.FLOAT64, 2)),
                x -> x.einsum("->"));
        for (Function<TensorService, Tensor> call : bad) {
            IllegalArgumentException host = assertThrows(IllegalArgumentException.class, () -> call.apply(HOST));
            IllegalArgumentException dev = assertThrows(IllegalArgumentException.class, () -> call.apply(s));
            assertEquals(host.getMessage(), dev.getMessage());
        }
    }

    @Test
    void moreIndicesThanTheKernelsTakeRunOnTheHostAndAgree() {
        CudaTensorService s = service();
        // nine distinct indices: one more than KernelLauncher.MAX_RANK
        Case c = new Case("abcd,efghi->abcdefghi", new int[] {2, 1, 2, 1}, new int[] {1, 2, 1, 2, 2});
        double[][] v = values(c, 99);
        Tensor got = s.einsum(c.spec(), tensors(s, DType.FLOAT64, c, v));
        agree(c.spec(), REFERENCE.einsum(c.spec(), tensors(REFERENCE, DType.FLOAT64, c, v)), got, s, 1e-15);
        assertEquals(Map.of("einsum", 1L), hostRuns(s));
    }
}
