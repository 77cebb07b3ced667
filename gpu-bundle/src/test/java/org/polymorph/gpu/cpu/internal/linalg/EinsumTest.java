package org.polymorph.gpu.cpu.internal.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Einsum against naive nested loops over every index assignment, float64 at 1e-12. */
class EinsumTest {
    private static final double TOL = 1e-12;
    private final Random rnd = new Random(11);

    /**
     * Cases: explicit spec for the kernel | letter-only explicit spec for the naive loops | shapes
     * ("2x3;3x4", "-" for a scalar). Implicit specs and "..." are checked against equivalent explicit ones.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ij,jk->ik | ij,jk->ik | 2x3;3x4",
        "ij,jk | ij,jk->ik | 2x3;3x4",
        "bij,bjk->bik | bij,bjk->bik | 3x2x4;3x4x5",
        "ii | ii-> | 4x4",
        "ii->i | ii->i | 4x4",
        "iij->ji | iij->ji | 3x3x2",
        "ij->ji | ij->ji | 3x5",
        "ba | ba->ab | 3x5",
        "ij-> | ij-> | 3x5",
        "i,j->ij | i,j->ij | 3;4",
        "i,i | i,i-> | 7;7",
        "i,i,i->i | i,i,i->i | 5;5;5",
        "ij,jk,kl->il | ij,jk,kl->il | 2x3;3x4;4x2",
        "ij,jk,kl | ij,jk,kl->il | 2x3;3x4;4x2",
        "bn,anm,bm->ba | bn,anm,bm->ba | 2x3;4x3x5;2x5",
        "ij,k->i | ij,k->i | 2x3;4",
        "ijk,ikj->i | ijk,ikj->i | 2x3x3;2x3x3",
        "ij,ij->ij | ij,ij->ij | 3x4;3x4",
        "ij,ij->ji | ij,ij->ji | 3x4;3x4",
        "bij,bkj->bik | bij,bkj->bik | 2x3x4;2x5x4",
        "Ba,aC | Ba,aC->BC | 2x3;3x4",
        "aB,Cb | aB,Cb->BCab | 2x3;4x5",
        ",ij->ij | ,ij->ij | -;2x3",
        ", | ,-> | -;-",
        "  i j , j k -> k i  | ij,jk->ki | 2x3;3x4",
        "abc,cd,de->abe | abc,cd,de->abe | 2x2x3;3x2;2x3",
        "ij,jk->ik | ij,jk->ik | 2x0;0x3",
        "ij,jk->ik | ij,jk->ik | 0x3;3x2",
        "ij->i | ij->i | 3x0",
        "...ij,...jk->...ik | xij,xjk->xik | 3x2x4;3x4x5",
        "...ij,...jk | xij,xjk->xik | 3x2x4;3x4x5",
        "...ii->...i | xyii->xyi | 2x3x4x4",
        "i...->i | i->i | 5",
        "...,... | ,-> | -;-",
        "ij...,jk...->ik... | ijx,jkx->ikx | 2x3x2;3x4x2",
        "...ij,jk->...ik | xyij,jk->xyik | 2x2x3x4;4x2",
    })
    void matchesNaiveLoops(String spec, String naiveSpec, String shapeText) {
        int[][] shapes = parseShapes(shapeText);
        double[][] ops = new double[shapes.length][];
        for (int i = 0; i < ops.length; i++) ops[i] = LinalgChecks.random(rnd, Strided.size(shapes[i]));
        Naive expected = naive(naiveSpec, ops, shapes);
        for (Einsum.Gemm gemm : List.of(Einsum.Gemm.plainJava(), EinsumTest::blockedGemm)) {
            Einsum.Result r = Einsum.compute(spec, ops, shapes, gemm);
            assertArrayEquals(expected.shape, r.shape(), spec + " shape");
            assertArrayEquals(expected.data, r.data(), TOL * Math.max(1, maxAbs(expected.data)), spec);
        }
    }

    @Test
    void ellipsisBroadcastsSizeOneAxes() {
        int[][] shapes = {{2, 1, 3, 4}, {5, 4, 2}};
        double[][] ops = {LinalgChecks.random(rnd, 24), LinalgChecks.random(rnd, 40)};
        // '...' of a is (2, 1), of b is (5,): broadcast to (2, 5); tile both and compare with letters
        double[] a = tile(ops[0], new int[] {2, 1, 3, 4}, new int[] {2, 5, 3, 4});
        double[] b = tile(ops[1], new int[] {1, 5, 4, 2}, new int[] {2, 5, 4, 2});
        Naive expected = naive("xyij,xyjk->xyik", new double[][] {a, b}, new int[][] {{2, 5, 3, 4}, {2, 5, 4, 2}});
        for (String spec : new String[] {"...ij,...jk->...ik", "...ij,...jk"}) {
            Einsum.Result r = Einsum.compute(spec, ops, shapes, Einsum.Gemm.plainJava());
            assertArrayEquals(new int[] {2, 5, 3, 2}, r.shape());
            assertArrayEquals(expected.data, r.data(), TOL * Math.max(1, maxAbs(expected.data)), spec);
        }
    }

    @Test
    void contractionsGoThroughTheGemm() {
        AtomicInteger calls = new AtomicInteger();
        Einsum.Gemm counting = (a, b, batch, m, k, n) -> {
            calls.incrementAndGet();
            assertEquals(3, batch);
            assertEquals(4, k);
            return Einsum.Gemm.plainJava().batchedMatmul(a, b, batch, m, k, n);
        };
        Einsum.compute("bij,bjk->bik", new double[][] {new double[24], new double[60]}, new int[][] {{3, 2, 4}, {3, 4, 5}}, counting);
        assertEquals(1, calls.get());
    }

    @Test
    void inputsAreNotMutated() {
        double[] a = LinalgChecks.random(rnd, 9);
        double[] copy = a.clone();
        Einsum.compute("ij->ji", new double[][] {a}, new int[][] {{3, 3}}, Einsum.Gemm.plainJava());
        Einsum.compute("ii->i", new double[][] {a}, new int[][] {{3, 3}}, Einsum.Gemm.plainJava());
        assertArrayEquals(copy, a, 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ij,jk->ik | 2x3;4x5 | size",
        "ij,jk->ik | 2x3 | operand",
        "ij->ik | 2x3 | 'k' does not appear",
        "ij->ii | 2x2 | more than once",
        "ij->i->j | 2x3 | '->'",
        "i2->i | 2x3 | invalid character '2'",
        "i.j->i | 2x3 | '.'",
        "ijk->i | 2x3 | rank 2",
        "ij->i | 2x3x4 | rank 3",
        "...ij->ij | 5x2x3 | no '...'",
        "...i,...i->...i | 2x3;4x3 | broadcast",
        "......i->i | 2x3 | '.'",
    })
    void badSpecsNameTheSpecAndProblem(String spec, String shapeText, String fragment) {
        int[][] shapes = parseShapes(shapeText);
        double[][] ops = new double[shapes.length][];
        for (int i = 0; i < ops.length; i++) ops[i] = new double[Strided.size(shapes[i])];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Einsum.compute(spec, ops, shapes, Einsum.Gemm.plainJava()));
        assertTrue(e.getMessage().contains("einsum '" + spec + "'") && e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void badOperandsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Einsum.compute("ij", new double[][] {new double[5]},
                new int[][] {{2, 3}}, Einsum.Gemm.plainJava()));
        assertThrows(IllegalArgumentException.class, () -> Einsum.compute("ij", new double[][] {new double[0]},
                new int[][] {{-1, 0}}, Einsum.Gemm.plainJava()));
        assertThrows(IllegalArgumentException.class, () -> Einsum.compute("", new double[0][], new int[0][], Einsum.Gemm.plainJava()));
    }

    // ---- independent references ----

    private record Naive(double[] data, int[] shape) { }

    /** Loops over every assignment of the spec's letters (explicit "->", letters only). */
    private static Naive naive(String spec, double[][] ops, int[][] shapes) {
        String[] io = spec.split("->", -1);
        String[] terms = io[0].split(",", -1);
        String out = io[1];
        List<Character> letters = new ArrayList<>();
        int[] size = new int[128];
        for (int i = 0; i < terms.length; i++) {
            for (int d = 0; d < terms[i].length(); d++) {
                char c = terms[i].charAt(d);
                if (!letters.contains(c)) letters.add(c);
                size[c] = shapes[i][d];
            }
        }
        int[] outShape = out.chars().map(c -> size[c]).toArray();
        double[] result = new double[Strided.size(outShape)];
        int[] value = new int[128];
        long combos = 1;
        for (char c : letters) combos *= size[c];
        for (long combo = 0; combo < combos; combo++) {
            long rest = combo;
            for (int l = letters.size() - 1; l >= 0; l--) {
                char c = letters.get(l);
                value[c] = (int) (rest % size[c]);
                rest /= size[c];
            }
            double p = 1;
            for (int i = 0; i < terms.length; i++) p *= ops[i][flat(terms[i], shapes[i], value)];
            result[flat(out, outShape, value)] += p;
        }
        return new Naive(result, outShape);
    }

    private static int flat(String term, int[] shape, int[] value) {
        int idx = 0;
        for (int d = 0; d < term.length(); d++) idx = idx * shape[d] + value[term.charAt(d)];
        return idx;
    }

    /** Repeats size-1 axes of a row-major array (same rank) up to the target shape. */
    private static double[] tile(double[] src, int[] shape, int[] target) {
        double[] out = new double[Strided.size(target)];
        int[] idx = new int[target.length];
        for (int o = 0; o < out.length; o++) {
            int rest = o;
            for (int d = target.length - 1; d >= 0; d--) {
                idx[d] = rest % target[d];
                rest /= target[d];
            }
            int s = 0;
            for (int d = 0; d < shape.length; d++) s = s * shape[d] + (shape[d] == 1 ? 0 : idx[d]);
            out[o] = src[s];
        }
        return out;
    }

    /** A second GEMM (dot-product order) so results do not hinge on one implementation. */
    private static double[] blockedGemm(double[] a, double[] b, int batch, int m, int k, int n) {
        double[] c = new double[batch * m * n];
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[(t * m + i) * k + p] * b[(t * k + p) * n + j];
                    c[(t * m + i) * n + j] = s;
                }
            }
        }
        return c;
    }

    private static int[][] parseShapes(String text) {
        String[] parts = text.trim().split(";");
        int[][] shapes = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            shapes[i] = p.equals("-") ? new int[0] : java.util.Arrays.stream(p.split("x")).mapToInt(Integer::parseInt).toArray();
        }
        return shapes;
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) m = Math.max(m, Math.abs(v));
        return m;
    }
}
