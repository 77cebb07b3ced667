package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.TensorService;

/** reshape, transpose, slice, concat, stack, broadcastTo, pad, expandDims, and views chained with them. */
public abstract class ContractShapes extends ContractSupport {
    private static final int MIN = Integer.MIN_VALUE;
    private static final int MAX = Integer.MAX_VALUE;

    @ParameterizedTest
    @EnumSource(DType.class)
    void reshape(DType dt) {
        agree("reshape [2,3,4] -> [4,6]", s -> s.reshape(rand(dt, 301, 2, 3, 4).in(s), 4, 6));
        agree("reshape with -1", s -> s.reshape(rand(dt, 302, 2, 3, 4).in(s), 3, -1, 2));
        agree("reshape to scalar", s -> s.reshape(rand(dt, 303, 1, 1).in(s)));
        agree("reshape scalar to [1,1,1]", s -> s.reshape(rand(dt, 304).in(s), 1, -1, 1));
        agree("reshape size-0", s -> s.reshape(rand(dt, 305, 0, 6).in(s), 3, 0, 2));
        agree("reshape a transposed view", s -> s.reshape(rand(dt, 306, 3, 4).t().in(s), 12));
        agree("reshape a negative-step slice", s -> s.reshape(rand(dt, 307, 6, 4)
                .slice(new int[] {5, 3}, new int[] {MIN, MIN}, new int[] {-2, -1}).in(s), 2, 6));
        agree("reshape large transposed", s -> s.reshape(rand(dt, 308, 300, 200).t().in(s), 400, -1));
    }

    @Test
    void transpose() {
        agree("reverse axes", s -> s.transpose(rand(F64, 311, 2, 3, 4).in(s)));
        agree("permutation", s -> s.transpose(rand(F64, 312, 2, 3, 4).in(s), 1, 2, 0));
        agree("negative axes", s -> s.transpose(rand(F64, 313, 2, 3, 4).in(s), -1, 0, -2));
        agree("rank 0", s -> s.transpose(rand(F64, 314).in(s)));
        agree("rank 1", s -> s.transpose(rand(F64, 315, 5).in(s)));
        agree("size-0", s -> s.transpose(rand(F64, 316, 0, 3).in(s)));
        agree("transpose of a transpose", s -> s.transpose(rand(I32, 317, 2, 3, 4).t(2, 0, 1).in(s), 0, 2, 1));
        agree("transpose of a slice", s -> s.transpose(rand(F64, 318, 6, 5).slice(new int[] {1, 4}, new int[] {6, 0},
                new int[] {2, -1}).in(s)));
        agree("large", s -> s.transpose(rand(F64, 319, 40, 50, 60).in(s), 2, 0, 1));
        assertFails(IllegalArgumentException.class, () -> service().transpose(service().zeros(F64, 2, 3), 0, 0));
        assertFails(IllegalArgumentException.class, () -> service().transpose(service().zeros(F64, 2, 3), 0, 1, 2));
        assertFails(IllegalArgumentException.class, () -> service().transpose(service().zeros(F64, 2, 3), 0, 2));
    }

    private void agreeSlice(String label, In x, int[] start, int[] stop, int[] step) {
        agree(label, s -> s.slice(x.in(s), start, stop, step));
    }

    @Test
    void slice() {
        In x = rand(F64, 321, 7, 8);
        agreeSlice("plain", x, new int[] {1, 2}, new int[] {5, 6}, new int[] {1, 1});
        agreeSlice("strided", x, new int[] {0, 1}, new int[] {7, 8}, new int[] {2, 3});
        agreeSlice("negative step to the start", x, new int[] {6, 7}, new int[] {MIN, MIN}, new int[] {-1, -2});
        agreeSlice("negative step with stop", x, new int[] {5, 6}, new int[] {1, 0}, new int[] {-2, -3});
        agreeSlice("negative bounds", x, new int[] {-3, -8}, new int[] {-1, -2}, new int[] {1, 2});
        agreeSlice("clamped bounds", x, new int[] {-100, 3}, new int[] {100, 1000}, new int[] {3, 1});
        agreeSlice("clamped negative step", x, new int[] {100, -1}, new int[] {-100, -100}, new int[] {-3, -1});
        agreeSlice("empty (start >= stop)", x, new int[] {5, 0}, new int[] {2, 8}, new int[] {1, 1});
        agreeSlice("empty negative step", x, new int[] {1, 0}, new int[] {5, 8}, new int[] {-1, 1});
        agreeSlice("step beyond length", x, new int[] {0, 0}, new int[] {7, 8}, new int[] {10, 9});
        agreeSlice("size-0 input", rand(F64, 322, 0, 3), new int[] {0, 0}, new int[] {5, 3}, new int[] {1, -1});
        agreeSlice("1-D reverse", rand(I64, 323, 9), new int[] {-1}, new int[] {MIN}, new int[] {-1});
        agreeSlice("slice of a transposed view", x.t(), new int[] {7, 0}, new int[] {0, 7}, new int[] {-2, 2});
        agreeSlice("slice of a slice", x.slice(new int[] {6, 0}, new int[] {MIN, 8}, new int[] {-1, 2}),
                new int[] {1, 3}, new int[] {MAX, MIN}, new int[] {2, -1});
        agreeSlice("large strided", rand(F64, 324, 600, 500), new int[] {599, 3}, new int[] {MIN, 500}, new int[] {-3, 2});
        assertFails(IllegalArgumentException.class, () -> service().slice(service().zeros(F64, 3), new int[] {0}, new int[] {3}, new int[] {0}));
        assertFails(IllegalArgumentException.class, () -> service().slice(service().zeros(F64, 3, 2), new int[] {0}, new int[] {3}, new int[] {1}));
    }

    @Test
    void concatAndStack() {
        for (DType dt : DType.values()) {
            agree("concat axis 0 " + dt, s -> s.concat(0, rand(dt, 331, 2, 3).in(s), rand(dt, 332, 4, 3).in(s), rand(dt, 333, 1, 3).in(s)));
            agree("stack axis 0 " + dt, s -> s.stack(0, rand(dt, 334, 2, 3).in(s), rand(dt, 335, 2, 3).in(s)));
        }
        agree("concat axis -1", s -> s.concat(-1, rand(F64, 336, 2, 3).in(s), rand(F64, 337, 2, 1).in(s)));
        agree("concat with a size-0 piece", s -> s.concat(1, rand(F64, 338, 2, 0).in(s), rand(F64, 339, 2, 2).in(s)));
        agree("concat one tensor", s -> s.concat(0, rand(F64, 340, 2, 2).in(s)));
        agree("concat views", s -> s.concat(0, rand(F64, 341, 3, 2).t().in(s),
                rand(F64, 342, 4, 3).slice(new int[] {3, 0}, new int[] {MIN, 3}, new int[] {-2, 1}).in(s)));
        agree("stack last axis", s -> s.stack(2, rand(F64, 343, 2, 3).in(s), rand(F64, 344, 2, 3).in(s), rand(F64, 345, 2, 3).in(s)));
        agree("stack axis -2", s -> s.stack(-2, rand(F64, 346, 2, 3).in(s), rand(F64, 347, 2, 3).in(s)));
        agree("stack scalars", s -> s.stack(0, rand(F64, 348).in(s), rand(F64, 349).in(s)));
        agree("stack views", s -> s.stack(1, rand(F64, 350, 3, 2).t().in(s), rand(F64, 351, 2, 3).in(s)));
        agree("concat large", s -> s.concat(1, rand(F64, 352, 300, 100).in(s), rand(F64, 353, 100, 300).t().in(s)));
        TensorService sv = service();
        assertFails(IllegalArgumentException.class, () -> sv.concat(0, sv.zeros(F64, 2, 3), sv.zeros(F64, 2, 4)), "[2, 3]", "[2, 4]");
        assertFails(IllegalArgumentException.class, () -> sv.concat(2, sv.zeros(F64, 2, 3), sv.zeros(F64, 2, 3)));
        assertFails(IllegalArgumentException.class, () -> sv.concat(0, sv.zeros(F64, 2), sv.zeros(I32, 2)));
        assertFails(IllegalArgumentException.class, () -> sv.stack(0, sv.zeros(F64, 2), sv.zeros(F64, 3)));
        assertFails(IllegalArgumentException.class, () -> sv.stack(3, sv.zeros(F64, 2), sv.zeros(F64, 2)));
    }

    @Test
    void broadcastTo() {
        agree("scalar to [2,3]", s -> s.broadcastTo(rand(F64, 361).in(s), 2, 3));
        agree("[3,1] to [2,3,4]", s -> s.broadcastTo(rand(I32, 362, 3, 1).in(s), 2, 3, 4));
        agree("to size-0", s -> s.broadcastTo(rand(F64, 363, 1, 3).in(s), 0, 3));
        agree("identity", s -> s.broadcastTo(rand(BOOL, 364, 2, 3).in(s), 2, 3));
        agree("view", s -> s.broadcastTo(rand(F64, 365, 3, 1).t().in(s), 4, 1, 3));
        agree("large", s -> s.broadcastTo(rand(F64, 366, 500).in(s), 400, 500));
        agree("broadcast then elementwise", s -> s.add(s.broadcastTo(rand(F64, 367, 1, 4).in(s), 3, 4), rand(F64, 368, 3, 4).in(s)));
        assertFails(IllegalArgumentException.class, () -> service().broadcastTo(service().zeros(F64, 3), 4), "[3]", "[4]");
        assertFails(IllegalArgumentException.class, () -> service().broadcastTo(service().zeros(F64, 2, 3), 3));
    }

    /** Results of broadcastTo, reshape and expandDims (possibly zero-stride or re-strided views) fed into other ops. */
    @Test
    void derivedViewsFeedOtherOps() {
        In bx = rand(F64, 391, 1, 3, 4);
        agree("matmul of broadcastTo", s -> s.matmul(s.broadcastTo(bx.in(s), 5, 3, 4), rand(F64, 392, 4, 2).in(s)));
        agree("sum of broadcastTo", s -> s.sum(s.broadcastTo(bx.in(s), 5, 3, 4), 0, 2));
        agree("cumsum of broadcastTo", s -> s.cumsum(s.broadcastTo(bx.in(s), 5, 3, 4), 0));
        agree("sort of broadcastTo", s -> s.sort(s.broadcastTo(rand(F64, 393, 4, 1).in(s), 4, 6), 0));
        agree("take from broadcastTo", s -> s.take(s.broadcastTo(bx.in(s), 2, 3, 4), i64(2, 0).in(s), 2));
        agree("transpose of broadcastTo", s -> s.transpose(s.broadcastTo(bx.in(s), 2, 3, 4), 2, 0, 1));
        agree("solve with a broadcastTo batch", s -> s.solve(s.broadcastTo(s.add(rand(F64, 394, 3, 3).in(s), s.scalar(F64, 0)), 4, 3, 3),
                rand(F64, 395, 4, 3).in(s)));
        agree("matmul of reshaped transposes", s -> s.matmul(rand(F64, 396, 4, 6).t().reshape(3, 2, 4).in(s),
                rand(F64, 397, 4, 5).in(s)));
        agree("matmul of expandDims views", s -> s.matmul(s.expandDims(rand(F64, 398, 3, 4).t().in(s), 0),
                s.expandDims(rand(F64, 399, 3).in(s), -1)));
        agree("large matmul of broadcastTo", 1e-12, 1e-11, s -> s.matmul(s.broadcastTo(rand(F64, 400, 100, 80).in(s), 3, 100, 80),
                rand(F64, 401, 3, 80, 90).in(s)));
    }

    @Test
    void pad() {
        agree("pad 2-D", s -> s.pad(rand(F64, 371, 2, 3).in(s), new int[][] {{1, 2}, {0, 3}}, -1.5));
        agree("pad int32 value truncates", s -> s.pad(rand(I32, 372, 3).in(s), new int[][] {{2, 1}}, 7.9));
        agree("pad bool", s -> s.pad(rand(BOOL, 373, 2).in(s), new int[][] {{1, 1}}, 1));
        agree("pad zero widths", s -> s.pad(rand(F64, 374, 2, 2).in(s), new int[][] {{0, 0}, {0, 0}}, 3));
        agree("pad size-0", s -> s.pad(rand(F64, 375, 0, 2).in(s), new int[][] {{1, 1}, {0, 1}}, 2));
        agree("pad scalar", s -> s.pad(rand(F64, 376).in(s), new int[0][], 2));
        agree("pad view", s -> s.pad(rand(F64, 377, 3, 4).t().in(s), new int[][] {{0, 2}, {1, 0}}, 0));
        agree("pad large", s -> s.pad(rand(F64, 378, 300, 200).in(s), new int[][] {{3, 4}, {5, 6}}, 0.25));
        assertFails(IllegalArgumentException.class, () -> service().pad(service().zeros(F64, 2), new int[][] {{-1, 0}}, 0));
        assertFails(IllegalArgumentException.class, () -> service().pad(service().zeros(F64, 2), new int[][] {{1, 0}, {0, 0}}, 0));
    }

    @Test
    void expandDims() {
        agree("axis 0", s -> s.expandDims(rand(F64, 381, 2, 3).in(s), 0));
        agree("axis -1", s -> s.expandDims(rand(F64, 382, 2, 3).in(s), -1));
        agree("middle", s -> s.expandDims(rand(F64, 383, 2, 3).in(s), 1));
        agree("scalar", s -> s.expandDims(rand(F64, 384).in(s), 0));
        agree("view", s -> s.expandDims(rand(F64, 385, 2, 3).t().in(s), 1));
        assertEquals(Shape.of(2, 3, 1), service().expandDims(service().zeros(F64, 2, 3), 2).shape());
        assertFails(IllegalArgumentException.class, () -> service().expandDims(service().zeros(F64, 2), 3));
    }

    @Test
    void reshapeErrors() {
        TensorService s = service();
        assertFails(IllegalArgumentException.class, () -> s.reshape(s.zeros(F64, 2, 3), 4, 2), "[2, 3]");
        assertFails(IllegalArgumentException.class, () -> s.reshape(s.zeros(F64, 2, 3), -1, -1));
        assertFails(IllegalArgumentException.class, () -> s.reshape(s.zeros(F64, 2, 3), 4, -1));
        assertFails(IllegalArgumentException.class, () -> s.reshape(s.zeros(F64, 2, 3), -2, -3));
        assertArrayEquals(new int[] {3, 2}, s.reshape(s.zeros(F64, 2, 3), -1, 2).shape().toArray());
    }

    /** A view must not change when the tensor it was made from is used again. */
    @Test
    void viewsAreIndependentOfLaterOps() {
        TensorService s = service();
        var x = s.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        var t = s.transpose(x);
        var r = s.slice(x, new int[] {1, 2}, new int[] {MIN, MIN}, new int[] {-1, -2});
        s.add(x, x);
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, s.toDoubleArray(t));
        assertArrayEquals(new double[] {6, 4, 3, 1}, s.toDoubleArray(r));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, s.toDoubleArray(x));
    }
}
