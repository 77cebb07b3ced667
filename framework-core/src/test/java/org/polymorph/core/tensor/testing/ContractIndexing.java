package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.TensorService;

/** take, takeAlongAxis, scatterAdd and segmentSum: gathers and their adjoints. */
public abstract class ContractIndexing extends ContractSupport {

    @Test
    void take() {
        for (DType dt : DType.values()) {
            agree("take axis 0 " + dt, s -> s.take(rand(dt, 401, 5, 3).in(s), i64(4, 0, -1, 2, 2).in(s), 0));
        }
        agree("take axis 1", s -> s.take(rand(F64, 402, 3, 5, 2).in(s), i64(1, -5, 4).in(s), 1));
        agree("take axis -1", s -> s.take(rand(F64, 403, 3, 4).in(s), i64(3, 3, 0).in(s), -1));
        agree("take 2-D indices", s -> s.take(rand(F64, 404, 6, 2).in(s), idx(new long[] {0, 5, 1, 1, 2, -6}, 2, 3).in(s), 0));
        agree("take scalar index", s -> s.take(rand(F64, 405, 4, 3).in(s), idx(new long[] {2}).in(s), 1));
        agree("take int32 indices", s -> s.take(rand(F64, 406, 4).in(s), data(I32, new double[] {3, 1, -2}, 3).in(s), 0));
        agree("take empty indices", s -> s.take(rand(F64, 407, 4, 3).in(s), idx(new long[0], 0).in(s), 0));
        agree("take from a transposed view", s -> s.take(rand(F64, 408, 3, 6).t().in(s), i64(5, 0, 2).in(s), 0));
        agree("take with view indices", s -> s.take(rand(F64, 409, 6).in(s),
                data(I64, new double[] {0, 1, 2, 3, 4, 5}, 2, 3).t().in(s), 0));
        agree("take from a negative-step slice", s -> s.take(rand(F64, 410, 8, 4)
                .slice(new int[] {7, 3}, new int[] {Integer.MIN_VALUE, Integer.MIN_VALUE}, new int[] {-2, -1}).in(s), i64(3, 0).in(s), 0));
        agree("take large", s -> s.take(rand(F64, 411, 1000, 50).in(s), randRange(I64, 412, 0, 999, 5000).in(s), 0));
        agree("take large along axis 1", s -> s.take(rand(F64, 413, 200, 300).in(s), randRange(I32, 414, -300, 299, 100).in(s), 1));
        TensorService s = service();
        assertFails(IllegalArgumentException.class, () -> s.toDoubleArray(s.take(s.zeros(F64, 3), s.fromArray(new long[] {3}, 1), 0)), "3");
        assertFails(IllegalArgumentException.class, () -> s.toDoubleArray(s.take(s.zeros(F64, 3), s.fromArray(new long[] {-4}, 1), 0)));
        assertFails(IllegalArgumentException.class, () -> s.take(s.zeros(F64, 3), s.zeros(F64, 1), 0), "float64");
        assertFails(IllegalArgumentException.class, () -> s.take(s.zeros(F64, 3), s.zeros(I64, 1), 1));
    }

    @Test
    void takeAlongAxis() {
        agree("along axis 1", s -> s.takeAlongAxis(rand(F64, 421, 3, 4).in(s), randRange(I64, 422, 0, 3, 3, 2).in(s), 1));
        agree("along axis 0", s -> s.takeAlongAxis(rand(F64, 423, 3, 4).in(s), randRange(I64, 424, -3, 2, 5, 4).in(s), 0));
        agree("broadcast indices", s -> s.takeAlongAxis(rand(F64, 425, 3, 4).in(s), idx(new long[] {3, 0}, 1, 2).in(s), 1));
        agree("broadcast x", s -> s.takeAlongAxis(rand(F64, 426, 1, 4).in(s), randRange(I64, 427, 0, 3, 5, 2).in(s), 1));
        agree("with argsort", s -> s.takeAlongAxis(rand(F64, 428, 4, 5).in(s), s.argsort(rand(F64, 428, 4, 5).in(s), 1), 1));
        agree("3-D axis -2", s -> s.takeAlongAxis(rand(I32, 429, 2, 3, 4).in(s), randRange(I32, 430, 0, 2, 2, 1, 4).in(s), -2));
        agree("views", s -> s.takeAlongAxis(rand(F64, 431, 4, 3).t().in(s), randRange(I64, 432, 0, 3, 2, 3).t().in(s), 1));
        agree("size-0", s -> s.takeAlongAxis(rand(F64, 433, 3, 4).in(s), idx(new long[0], 3, 0).in(s), 1));
        agree("large", s -> s.takeAlongAxis(rand(F64, 434, 300, 200).in(s), randRange(I64, 435, 0, 199, 300, 50).in(s), 1));
        assertFails(IllegalArgumentException.class, () -> service().takeAlongAxis(service().zeros(F64, 3, 4), service().zeros(I64, 3), 1));
    }

    @Test
    void scatterAdd() {
        for (DType dt : new DType[] {F64, F32, I32, I64}) {
            agree("repeated indices " + dt, s -> s.scatterAdd(rand(dt, 441, 4, 3).in(s), i64(1, 1, 3, -1, 0, 1).in(s),
                    rand(dt, 442, 6, 3).in(s), 0));
        }
        agree("axis 1", s -> s.scatterAdd(rand(F64, 443, 2, 5).in(s), i64(4, 0, 4).in(s), rand(F64, 444, 2, 3).in(s), 1));
        agree("2-D indices", s -> s.scatterAdd(rand(F64, 445, 3, 2).in(s), idx(new long[] {0, 2, 2, 2}, 2, 2).in(s),
                rand(F64, 446, 2, 2, 2).in(s), 0));
        agree("scalar index", s -> s.scatterAdd(rand(F64, 447, 3, 2).in(s), idx(new long[] {1}).in(s), rand(F64, 448, 2).in(s), 0));
        agree("no indices", s -> s.scatterAdd(rand(F64, 449, 3).in(s), idx(new long[0], 0).in(s), rand(F64, 450, 0).in(s), 0));
        agree("views", s -> s.scatterAdd(rand(F64, 451, 3, 4).t().in(s), i64(2, 2, 0).in(s), rand(F64, 452, 3, 3).t().in(s), 0));
        agree("large, heavy repetition", 1e-12, 1e-11, s -> s.scatterAdd(rand(F64, 453, 100, 8).in(s),
                randRange(I64, 454, 0, 99, 20000).in(s), rand(F64, 455, 20000, 8).in(s), 0));
        TensorService s = service();
        assertArrayEquals(new double[] {10, 1, 2, 3}, s.toDoubleArray(s.scatterAdd(s.fromArray(new double[] {0, 1, 2, 0}, 4),
                s.fromArray(new long[] {0, 0, 3, 0}, 4), s.fromArray(new double[] {1, 2, 3, 7}, 4), 0)));
        assertFails(IllegalArgumentException.class, () -> s.scatterAdd(s.zeros(F64, 4), s.zeros(I64, 2), s.zeros(F64, 3), 0), "[3]");
        assertFails(IllegalArgumentException.class, () -> s.toDoubleArray(s.scatterAdd(s.zeros(F64, 4),
                s.fromArray(new long[] {4}, 1), s.zeros(F64, 1), 0)));
        assertFails(IllegalArgumentException.class, () -> s.scatterAdd(s.zeros(F64, 4), s.zeros(I64, 1), s.zeros(F32, 1), 0));
    }

    @Test
    void segmentSum() {
        for (DType dt : new DType[] {F64, F32, I32, I64}) {
            agree("segments " + dt, s -> s.segmentSum(rand(dt, 461, 7, 2).in(s), i64(0, 2, 2, 0, 1, 2, 4).in(s), 5));
        }
        agree("1-D data", s -> s.segmentSum(rand(F64, 462, 6).in(s), i64(1, 1, 1, 0, 3, 3).in(s), 4));
        agree("ids out of range are dropped", s -> s.segmentSum(rand(F64, 463, 5, 3).in(s), i64(-1, 0, 3, 7, 1).in(s), 3));
        agree("int32 ids", s -> s.segmentSum(rand(F64, 464, 4, 2).in(s), data(I32, new double[] {1, 0, 1, 1}, 4).in(s), 2));
        agree("zero segments", s -> s.segmentSum(rand(F64, 465, 3, 2).in(s), i64(0, 1, 2).in(s), 0));
        agree("no rows", s -> s.segmentSum(rand(F64, 466, 0, 2).in(s), idx(new long[0], 0).in(s), 3));
        agree("3-D rows", s -> s.segmentSum(rand(F64, 467, 4, 2, 3).in(s), i64(2, 0, 2, 2).in(s), 3));
        agree("views", s -> s.segmentSum(rand(F64, 468, 3, 5).t().in(s),
                data(I64, new double[] {0, 1, 0, 2, 2, 1}, 6).slice(new int[] {4}, new int[] {Integer.MIN_VALUE}, new int[] {-1}).in(s), 3));
        agree("large", 1e-12, 1e-11, s -> s.segmentSum(rand(F64, 469, 20000, 3).in(s), randRange(I64, 470, -5, 1000, 20000).in(s), 1000));
        TensorService s = service();
        assertArrayEquals(new double[] {4, 0, 6}, s.toDoubleArray(s.segmentSum(s.fromArray(new double[] {1, 2, 3, 4}, 4),
                s.fromArray(new long[] {0, 2, 0, 2}, 4), 3)));
        assertFails(IllegalArgumentException.class, () -> s.segmentSum(s.zeros(F64, 4, 2), s.zeros(I64, 3), 2));
        assertFails(IllegalArgumentException.class, () -> s.segmentSum(s.zeros(F64, 4), s.zeros(F64, 4), 2));
    }

    /** Ops return new tensors: their inputs (including views) are never modified. */
    @Test
    void inputsAreNeverMutated() {
        TensorService s = service();
        double[] v = {3, 1, 2, 5, 4, 0};
        var x = s.fromArray(v, 2, 3);
        var t = s.transpose(x);
        s.scatterAdd(x, s.fromArray(new long[] {0, 0}, 2), s.ones(F64, 2, 3), 0);
        s.scatterAdd(t, s.fromArray(new long[] {1}, 1), s.ones(F64, 1, 2), 0);
        s.segmentSum(x, s.fromArray(new long[] {0, 0}, 2), 1);
        s.sort(x, 1);
        s.sort(t, 0);
        s.argsort(x, 1);
        s.cumsum(x, 0);
        s.pad(x, new int[][] {{1, 1}, {1, 1}}, 9);
        s.reshape(x, 3, 2);
        s.broadcastTo(x, 2, 2, 3);
        s.take(x, s.fromArray(new long[] {1}, 1), 0);
        s.inverse(s.add(s.matmul(x, t), s.eye(F64, 2)));
        org.junit.jupiter.api.Assertions.assertArrayEquals(v, s.toDoubleArray(x));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {3, 5, 1, 4, 2, 0}, s.toDoubleArray(t));
    }
}
