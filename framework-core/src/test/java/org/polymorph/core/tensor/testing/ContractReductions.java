package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.TensorService;

/** Reductions with keepDims, argmax/argmin, cumsum, sort and argsort. */
public abstract class ContractReductions extends ContractSupport {
    private static final int[][] AXES = {{}, {0}, {1}, {-1}, {0, 2}, {2, 0, 1}, {-3, -2}};

    /** Integer PROD stays small ([-2, 2] over at most 24 values) so it is exact in int64. */
    private static In input(ReduceOp op, DType dt, long seed, int... shape) {
        return op == ReduceOp.PROD && !dt.isFloating() ? randRange(dt, seed, -2, 2, shape) : rand(dt, seed, shape);
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void everyDtypeAxesAndKeepDims(ReduceOp op) {
        for (DType dt : DType.values()) {
            for (int[] axes : AXES) {
                for (boolean keep : new boolean[] {false, true}) {
                    agreeOrReject(op + " " + dt + " axes " + java.util.Arrays.toString(axes) + " keep " + keep,
                            s -> s.reduce(op, input(op, dt, 61, 2, 3, 4).in(s), keep, axes));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void edgeShapesAndViews(ReduceOp op) {
        agree(op + " scalar", s -> s.reduce(op, rand(F64, 62).in(s), false));
        agree(op + " scalar keepDims", s -> s.reduce(op, rand(F64, 62).in(s), true));
        agree(op + " size-1 axes", s -> s.reduce(op, rand(F64, 63, 1, 4, 1).in(s), false, 0, 2));
        agree(op + " transposed", s -> s.reduce(op, rand(F64, 64, 3, 4, 5).t(1, 2, 0).in(s), false, 1));
        agree(op + " transposed keepDims", s -> s.reduce(op, rand(F64, 64, 3, 4, 5).t(1, 2, 0).in(s), true, 0, 2));
        agree(op + " negative-step slice", s -> s.reduce(op, rand(F64, 65, 7, 9)
                .slice(new int[] {6, 8}, new int[] {Integer.MIN_VALUE, 0}, new int[] {-2, -3}).in(s), false, 0));
        agree(op + " all axes of a view", s -> s.reduce(op, rand(F64, 66, 5, 6).t().in(s), false));
        if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
            agree(op + " size-0 non-reduced axis", s -> s.reduce(op, rand(F64, 67, 0, 3).in(s), false, 1));
            assertFails(IllegalArgumentException.class, () -> service().reduce(op, service().zeros(F64, 0, 3), false, 0));
        } else {
            agree(op + " over a size-0 axis", s -> s.reduce(op, rand(F64, 67, 0, 3).in(s), false, 0));
            agree(op + " size-0 all axes", s -> s.reduce(op, rand(F64, 68, 2, 0).in(s), true));
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void nanAndInfinity(ReduceOp op) {
        double[] v = {1, Double.NaN, 3, 2, Double.POSITIVE_INFINITY, -1, Double.NEGATIVE_INFINITY, 0, -5, 4, 4, -2};
        agree(op + " NaN/inf rows", s -> s.reduce(op, f64(v, 3, 4).in(s), false, 1));
        agree(op + " NaN/inf columns", s -> s.reduce(op, f64(v, 3, 4).in(s), false, 0));
    }

    /** 1000 x 300: above any small-tensor threshold, along each axis and over all. */
    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void large(ReduceOp op) {
        In x = rand(F64, 69, 1000, 300);
        agree(op + " large axis 0", s -> s.reduce(op, x.in(s), false, 0));
        agree(op + " large axis 1 keepDims", s -> s.reduce(op, x.in(s), true, 1));
        agree(op + " large all", 1e-12, 1e-10, s -> s.reduce(op, x.in(s), false));
        agree(op + " large transposed", s -> s.reduce(op, x.t().in(s), false, 1));
        In f = rand(F32, 70, 1000, 300);
        agree(op + " large float32 axis 0", 1e-4, 1e-3, s -> s.reduce(op, f.in(s), false, 0));
        if (op != ReduceOp.MEAN && op != ReduceOp.LOGSUMEXP) {
            agree(op + " large int64 axis 1", s -> s.reduce(op, randRange(I64, 71, op == ReduceOp.PROD ? 0 : -9, op == ReduceOp.PROD ? 1 : 9,
                    1000, 300).in(s), false, 1));
        }
    }

    @Test
    void reductionsByHand() {
        TensorService s = service();
        var x = s.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new double[] {5, 7, 9}, s.toDoubleArray(s.sum(x, 0)));
        assertArrayEquals(new double[] {2, 5}, s.toDoubleArray(s.mean(x, 1)));
        assertArrayEquals(new double[] {720}, s.toDoubleArray(s.reduce(ReduceOp.PROD, x, false)));
        assertArrayEquals(new int[] {1, 1, 3}, s.reduce(ReduceOp.MAX, s.reshape(x, 1, 2, 3), true, 1).shape().toArray());
        assertArrayEquals(new int[] {Integer.MIN_VALUE}, s.toIntArray(s.sum(s.fromArray(new int[] {Integer.MAX_VALUE, 1}, 2))),
                "int32 SUM wraps");
    }

    @Test
    void reductionErrors() {
        TensorService s = service();
        assertFails(IllegalArgumentException.class, () -> s.sum(s.zeros(F64, 2, 3), 2), "2");
        assertFails(IllegalArgumentException.class, () -> s.sum(s.zeros(F64, 2, 3), -3));
        assertFails(IllegalArgumentException.class, () -> s.sum(s.zeros(F64, 2, 3), 0, 0));
        assertFails(IllegalArgumentException.class, () -> s.mean(s.zeros(I32, 2, 3), 0));
        assertFails(IllegalArgumentException.class, () -> s.argmax(s.zeros(F64, 2, 3), 2, false));
        assertFails(IllegalArgumentException.class, () -> s.argmax(s.zeros(F64, 2, 0), 1, false));
    }

    @Test
    void argmaxArgmin() {
        for (DType dt : new DType[] {F64, F32, I32, I64, BOOL}) {
            for (int axis : new int[] {0, 1, -1}) {
                for (boolean keep : new boolean[] {false, true}) {
                    agree("argmax " + dt + " axis " + axis, s -> s.argmax(randRange(dt, 72, -2, 2, 4, 5, 3).in(s), axis, keep));
                    agree("argmin " + dt + " axis " + axis, s -> s.argmin(randRange(dt, 73, -2, 2, 4, 5, 3).in(s), axis, keep));
                }
            }
        }
        double[] v = {3, 1, 3, 1, Double.NaN, 5, Double.NaN, 2, -1, -1, 7, 7};
        agree("argmax ties and NaN", s -> s.argmax(f64(v, 3, 4).in(s), 1, false));
        agree("argmin ties and NaN", s -> s.argmin(f64(v, 3, 4).in(s), 1, false));
        agree("argmax size-1 axis", s -> s.argmax(rand(F64, 74, 4, 1).in(s), 1, true));
        agree("argmax size-0 other axis", s -> s.argmax(rand(F64, 74, 0, 3).in(s), 1, false));
        agree("argmax transposed", s -> s.argmax(rand(F64, 75, 6, 5).t().in(s), 0, false));
        agree("argmin negative-step slice", s -> s.argmin(rand(F64, 76, 6, 5)
                .slice(new int[] {5, 0}, new int[] {Integer.MIN_VALUE, 5}, new int[] {-1, 2}).in(s), 0, false));
        agree("argmax large", s -> s.argmax(rand(F64, 77, 1000, 300).in(s), 0, false));
        agree("argmin large", s -> s.argmin(rand(F64, 78, 1000, 300).in(s), 1, true));
    }

    @Test
    void cumsum() {
        for (DType dt : new DType[] {F64, F32, I32, I64}) {
            for (int axis : new int[] {0, 1, 2, -1}) agree("cumsum " + dt + " axis " + axis, s -> s.cumsum(rand(dt, 79, 3, 4, 5).in(s), axis));
        }
        agree("cumsum 1-D", s -> s.cumsum(rand(F64, 80, 9).in(s), 0));
        agree("cumsum size-0", s -> s.cumsum(rand(F64, 81, 0, 4).in(s), 1));
        agree("cumsum transposed", s -> s.cumsum(rand(F64, 82, 4, 6).t().in(s), 1));
        agree("cumsum negative-step slice", s -> s.cumsum(rand(F64, 83, 8, 3)
                .slice(new int[] {7, 0}, new int[] {Integer.MIN_VALUE, 3}, new int[] {-2, 1}).in(s), 0));
        agree("cumsum large", 1e-12, 1e-10, s -> s.cumsum(rand(F64, 84, 1000, 300).in(s), 0));
        agree("cumsum large float32", 1e-4, 1e-3, s -> s.cumsum(rand(F32, 85, 300, 1000).in(s), 1));
        assertFails(IllegalArgumentException.class, () -> service().cumsum(service().zeros(F64, 2), 1));
    }

    @Test
    void sortAndArgsort() {
        for (DType dt : new DType[] {F64, F32, I32, I64, BOOL}) {
            for (int axis : new int[] {0, 1, -1}) {
                agree("sort " + dt + " axis " + axis, s -> s.sort(randRange(dt, 86, -3, 3, 5, 6, 4).in(s), axis));
                agree("argsort " + dt + " axis " + axis + " (many ties: stability)", s -> s.argsort(randRange(dt, 87, -3, 3, 5, 6, 4).in(s), axis));
            }
        }
        double[] v = {3, Double.NaN, -1, Double.NEGATIVE_INFINITY, 0.0, -0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, -1};
        agree("sort NaN last", s -> s.sort(f64(v, 10).in(s), 0));
        agree("argsort NaN last, -0.0 == 0.0, stable", s -> s.argsort(f64(v, 10).in(s), 0));
        agree("sort size-0", s -> s.sort(rand(F64, 88, 0, 3).in(s), 0));
        agree("argsort size-1", s -> s.argsort(rand(F64, 89, 4, 1).in(s), 1));
        agree("sort transposed", s -> s.sort(rand(F64, 90, 5, 7).t().in(s), 1));
        agree("argsort negative-step slice", s -> s.argsort(randRange(I32, 91, 0, 3, 9, 4)
                .slice(new int[] {8, 3}, new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE}, new int[] {-1, -1}).in(s), 0));
        agree("sort large", s -> s.sort(rand(F64, 92, 1000, 300).in(s), 0));
        agree("argsort large with ties", s -> s.argsort(randRange(I64, 93, 0, 50, 300, 1000).in(s), 1));
        assertArrayEquals(new long[] {1, 3, 4, 0, 2}, service().toLongArray(service().argsort(f64(new double[] {2, 1, 2, 1, 1.5}, 5).in(service()), 0)));
    }
}
