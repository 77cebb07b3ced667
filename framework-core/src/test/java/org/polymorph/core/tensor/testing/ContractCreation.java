package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Creation, transfer to and from Java arrays, and casts between all dtypes. */
public abstract class ContractCreation extends ContractSupport {

    @ParameterizedTest
    @EnumSource(DType.class)
    void fullZerosOnesScalar(DType dt) {
        agree("full 2.75", s -> s.full(dt, 2.75, 2, 3));
        agree("full -3.5", s -> s.full(dt, -3.5, 4));
        agree("zeros", s -> s.zeros(dt, 3, 0, 2));
        agree("ones", s -> s.ones(dt, 1, 5));
        agree("scalar", s -> s.scalar(dt, 7));
        assertEquals(Shape.scalar(), service().scalar(dt, 1).shape());
        assertEquals(dt, service().zeros(dt, 2).dtype());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32", "INT32", "INT64"})
    void arange(DType dt) {
        agree("arange 0..10", s -> s.arange(dt, 0, 10, 1));
        agree("arange step 3", s -> s.arange(dt, -4, 11, 3));
        agree("arange negative step", s -> s.arange(dt, 5, -5, -2));
        agree("arange empty", s -> s.arange(dt, 3, 3, 1));
        agree("arange wrong direction", s -> s.arange(dt, 3, 0, 1));
        if (dt.isFloating()) agree("arange fractional", s -> s.arange(dt, 0.5, 2.26, 0.25));
        assertEquals(Shape.of(4), service().arange(dt, 0, 7, 2).shape());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void eye(DType dt) {
        agree("eye 4", s -> s.eye(dt, 4));
        agree("eye 1", s -> s.eye(dt, 1));
        agree("eye 0", s -> s.eye(dt, 0));
    }

    @Test
    void fromAndToArraysAllDtypes() {
        TensorService s = service();
        double[] d = {1.5, -2.25, 0, 1e300, -0.0};
        assertArrayEquals(d, s.toDoubleArray(s.fromArray(d, 5)));
        float[] f = {1.5f, -2.25f, 3.4028235e38f, 1e-45f};
        assertArrayEquals(f, s.toFloatArray(s.fromArray(f, 2, 2)));
        int[] i = {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE, 7, 8};
        assertArrayEquals(i, s.toIntArray(s.fromArray(i, 2, 3)));
        long[] l = {-(1L << 52), -1, 0, 1L << 52, 123456789012L};
        assertArrayEquals(l, s.toLongArray(s.fromArray(l, 5)));
        boolean[] b = {true, false, false, true};
        assertArrayEquals(b, s.toBooleanArray(s.fromArray(b, 4, 1)));
        assertEquals(DType.FLOAT64, s.fromArray(d, 5).dtype());
        assertEquals(DType.FLOAT32, s.fromArray(f, 4).dtype());
        assertEquals(DType.INT32, s.fromArray(i, 6).dtype());
        assertEquals(DType.INT64, s.fromArray(l, 5).dtype());
        assertEquals(DType.BOOL, s.fromArray(b, 4).dtype());
    }

    @Test
    void fromArrayCopiesItsInput() {
        double[] d = {1, 2, 3};
        Tensor t = service().fromArray(d, 3);
        d[0] = 99;
        assertArrayEquals(new double[] {1, 2, 3}, service().toDoubleArray(t));
        double[] out = service().toDoubleArray(t);
        out[1] = 42;
        assertArrayEquals(new double[] {1, 2, 3}, service().toDoubleArray(t), "toDoubleArray must return a copy");
    }

    @Test
    void scalarsAndEmptyTensors() {
        TensorService s = service();
        Tensor sc = s.fromArray(new double[] {4.5});
        assertEquals(0, sc.rank());
        assertEquals(4.5, s.item(sc));
        Tensor empty = s.fromArray(new double[0], 2, 0, 3);
        assertEquals(Shape.of(2, 0, 3), empty.shape());
        assertEquals(0, s.toDoubleArray(empty).length);
        assertEquals(0, s.toBooleanArray(s.fromArray(new boolean[0], 0)).length);
    }

    /** Conversions of the to*Array readers follow cast semantics. */
    @Test
    void readersConvertLikeCast() {
        TensorService s = service();
        Tensor x = s.fromArray(new double[] {-2.75, -0.5, 0, 0.5, 2.99, 1e6 + 0.5}, 6);
        assertArrayEquals(new int[] {-2, 0, 0, 0, 2, 1000000}, s.toIntArray(x));
        assertArrayEquals(new long[] {-2, 0, 0, 0, 2, 1000000}, s.toLongArray(x));
        assertArrayEquals(new boolean[] {true, true, false, true, true, true}, s.toBooleanArray(x));
        assertArrayEquals(new float[] {-2.75f, -0.5f, 0, 0.5f, 2.99f, 1e6f + 0.5f}, s.toFloatArray(x));
        Tensor b = s.fromArray(new boolean[] {true, false}, 2);
        assertArrayEquals(new double[] {1, 0}, s.toDoubleArray(b));
        assertArrayEquals(new int[] {1, 0}, s.toIntArray(b));
    }

    /** Values that survive every conversion with a well-defined result. */
    private static double[] castSource(DType dt) {
        switch (dt) {
            case FLOAT64: return new double[] {-2.75, -0.5, 0, 0.5, 1.5, 2.5, 3.99, -1e6 - 0.3, 16777217.0, 0.1};
            case FLOAT32: return new double[] {-2.75, -0.5, 0, 0.5, 1.5, 2.5, 3.99, -1e6, 0.1f, 7};
            case INT32: return new double[] {Integer.MIN_VALUE, -5, -1, 0, 1, 7, 16777217, Integer.MAX_VALUE};
            case INT64: return new double[] {-(1L << 40) + 3, (1L << 33) + 5, 2147483648.0, -5, 0, 1, 16777217, 1L << 52};
            default: return new double[] {1, 0, 0, 1, 1, 0};
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void castToEveryDtype(DType from) {
        double[] v = castSource(from);
        for (DType to : DType.values()) {
            agree("cast " + from + " -> " + to, s -> s.cast(data(from, v, v.length).in(s), to));
            agree("cast " + from + " -> " + to + " (transposed view)",
                    s -> s.cast(data(from, v, 2, v.length / 2).t().in(s), to));
        }
    }

    @Test
    void castHandComputed() {
        TensorService s = service();
        Tensor x = s.fromArray(new double[] {-2.75, 2.75, Double.NaN, 0}, 4);
        assertArrayEquals(new int[] {-2, 2}, s.toIntArray(s.cast(s.fromArray(new double[] {-2.75, 2.75}, 2), DType.INT32)));
        assertArrayEquals(new boolean[] {true, true, true, false}, s.toBooleanArray(s.cast(x, DType.BOOL)));
        assertArrayEquals(new int[] {5, -2147483643},
                s.toIntArray(s.cast(s.fromArray(new long[] {5, (1L << 31) + 5}, 2), DType.INT32)), "int64 -> int32 wraps");
        assertArrayEquals(new double[] {16777216.0},
                s.toDoubleArray(s.cast(s.fromArray(new int[] {16777217}, 1), DType.FLOAT32)), "int -> float32 rounds");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void castNonFiniteFloats(DType from) {
        double[] v = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
        for (DType to : new DType[] {DType.FLOAT64, DType.FLOAT32, DType.BOOL}) {
            agree("cast non-finite " + from + " -> " + to, s -> s.cast(data(from, v, 4).in(s), to));
        }
    }

    @Test
    void creationErrors() {
        TensorService s = service();
        assertFails(IllegalArgumentException.class, () -> s.fromArray(new double[] {1, 2, 3}, 2, 2));
        assertFails(IllegalArgumentException.class, () -> s.fromArray(new double[] {1, 2}, -1, -2));
        assertFails(IllegalArgumentException.class, () -> s.zeros(DType.FLOAT64, 2, -3));
        assertFails(IllegalArgumentException.class, () -> s.arange(DType.FLOAT64, 0, 5, 0));
        assertFails(IllegalArgumentException.class, () -> s.item(s.zeros(DType.FLOAT64, 2)));
    }
}
