package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;
import org.polymorph.core.tensor.TensorService;

/**
 * matmul (1-D promotion, broadcast batch axes, views, large sizes), dot, outer and einsum.
 * float32 tolerances allow for float accumulation: atol = 1e-6 * k for inner length k.
 */
public abstract class ContractContractions extends ContractSupport {

    private void agreeMatmul(String label, DType dt, int k, java.util.function.Function<TensorService, org.polymorph.core.tensor.Tensor> f) {
        if (dt == F32) agree(label, 1e-5, 1e-6 * Math.max(1, k), f);
        else if (dt == F64) agree(label, 1e-12, 1e-13 * Math.max(1, k), f);
        else agree(label, f);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32", "INT32", "INT64"})
    void matmulShapes(DType dt) {
        agreeMatmul("2-D", dt, 4, s -> s.matmul(rand(dt, 101, 3, 4).in(s), rand(dt, 102, 4, 5).in(s)));
        agreeMatmul("1-D @ 2-D", dt, 4, s -> s.matmul(rand(dt, 103, 4).in(s), rand(dt, 104, 4, 5).in(s)));
        agreeMatmul("2-D @ 1-D", dt, 4, s -> s.matmul(rand(dt, 105, 3, 4).in(s), rand(dt, 106, 4).in(s)));
        agreeMatmul("1-D @ 1-D", dt, 4, s -> s.matmul(rand(dt, 107, 4).in(s), rand(dt, 108, 4).in(s)));
        agreeMatmul("batched", dt, 4, s -> s.matmul(rand(dt, 109, 7, 3, 4).in(s), rand(dt, 110, 7, 4, 2).in(s)));
        agreeMatmul("broadcast batch", dt, 4, s -> s.matmul(rand(dt, 111, 2, 1, 3, 4).in(s), rand(dt, 112, 5, 4, 2).in(s)));
        agreeMatmul("batch @ 2-D", dt, 4, s -> s.matmul(rand(dt, 113, 6, 3, 4).in(s), rand(dt, 114, 4, 2).in(s)));
        agreeMatmul("1-D @ batch", dt, 4, s -> s.matmul(rand(dt, 115, 4).in(s), rand(dt, 116, 3, 4, 2).in(s)));
        agreeMatmul("batch @ 1-D", dt, 4, s -> s.matmul(rand(dt, 117, 3, 2, 4).in(s), rand(dt, 118, 4).in(s)));
    }

    @Test
    void matmulEdgeShapesAndViews() {
        agree("k = 0 gives zeros", s -> s.matmul(rand(F64, 121, 3, 0).in(s), rand(F64, 122, 0, 4).in(s)));
        agree("m = 0", s -> s.matmul(rand(F64, 123, 0, 3).in(s), rand(F64, 124, 3, 4).in(s)));
        agree("batch of 0", s -> s.matmul(rand(F64, 125, 0, 2, 3).in(s), rand(F64, 126, 3, 4).in(s)));
        agree("size-1 axes", s -> s.matmul(rand(F64, 127, 1, 1).in(s), rand(F64, 128, 1, 1).in(s)));
        agree("A^T B", s -> s.matmul(rand(F64, 129, 4, 3).t().in(s), rand(F64, 130, 4, 5).in(s)));
        agree("A B^T", s -> s.matmul(rand(F64, 131, 3, 4).in(s), rand(F64, 132, 5, 4).t().in(s)));
        agree("batched transposed views", s -> s.matmul(rand(F64, 133, 4, 3, 2).t(2, 1, 0).in(s), rand(F64, 134, 2, 4, 5).in(s)));
        agree("strided slices", s -> s.matmul(rand(F64, 135, 7, 9).slice(new int[] {0, 8}, new int[] {7, Integer.MIN_VALUE},
                new int[] {2, -2}).in(s), rand(F64, 136, 10, 3).slice(new int[] {9, 0}, new int[] {Integer.MIN_VALUE, 3},
                new int[] {-2, 1}).in(s)));
    }

    /** Above any small-tensor threshold: BLAS-sized products, also on views and batches. */
    @Test
    void matmulLarge() {
        agreeMatmul("300x200 @ 200x250", F64, 200, s -> s.matmul(rand(F64, 141, 300, 200).in(s), rand(F64, 142, 200, 250).in(s)));
        agreeMatmul("300x200 @ 200x250 float32", F32, 200, s -> s.matmul(rand(F32, 143, 300, 200).in(s), rand(F32, 144, 200, 250).in(s)));
        agreeMatmul("transposed large", F64, 200, s -> s.matmul(rand(F64, 145, 200, 300).t().in(s), rand(F64, 146, 250, 200).t().in(s)));
        agreeMatmul("batched large", F64, 64, s -> s.matmul(rand(F64, 147, 4, 80, 64).in(s), rand(F64, 148, 64, 70).in(s)));
        agreeMatmul("matrix-vector large", F64, 500, s -> s.matmul(rand(F64, 149, 400, 500).in(s), rand(F64, 150, 500).in(s)));
        agreeMatmul("int32 large", I32, 100, s -> s.matmul(rand(I32, 151, 80, 100).in(s), rand(I32, 152, 100, 90).in(s)));
    }

    @Test
    void matmulByHand() {
        TensorService s = service();
        var a = s.fromArray(new double[] {1, 2, 3, 4}, 2, 2);
        var b = s.fromArray(new double[] {5, 6, 7, 8}, 2, 2);
        assertArrayEquals(new double[] {19, 22, 43, 50}, s.toDoubleArray(s.matmul(a, b)));
        assertEquals(Shape.scalar(), s.matmul(s.fromArray(new double[] {1, 2}, 2), s.fromArray(new double[] {3, 4}, 2)).shape());
    }

    @Test
    void matmulErrors() {
        TensorService s = service();
        assertFails(IllegalArgumentException.class, () -> s.matmul(s.zeros(F64, 2, 3), s.zeros(F64, 4, 2)), "[2, 3]", "[4, 2]");
        assertFails(IllegalArgumentException.class, () -> s.matmul(s.zeros(F64, 2, 3), s.zeros(F32, 3, 2)));
        assertFails(IllegalArgumentException.class, () -> s.matmul(s.scalar(F64, 1), s.zeros(F64, 2, 2)));
        assertFails(IllegalArgumentException.class, () -> s.matmul(s.zeros(F64, 2, 2, 3), s.zeros(F64, 3, 3, 2)));
        assertFails(IllegalArgumentException.class, () -> s.dot(s.zeros(F64, 3), s.zeros(F64, 4)));
        assertFails(IllegalArgumentException.class, () -> s.einsum("ij,jk->ik", s.zeros(F64, 2, 3), s.zeros(F64, 4, 2)));
        assertFails(IllegalArgumentException.class, () -> s.einsum("ij->k", s.zeros(F64, 2, 3)));
        assertFails(IllegalArgumentException.class, () -> s.einsum("ijk->i", s.zeros(F64, 2, 3)));
        assertFails(IllegalArgumentException.class, () -> s.einsum("ij,jk", s.zeros(F64, 2, 3)));
    }

    @Test
    void dotAndOuter() {
        agree("dot 1-D", s -> s.dot(rand(F64, 161, 7).in(s), rand(F64, 162, 7).in(s)));
        agree("dot 1-D int64", s -> s.dot(rand(I64, 163, 7).in(s), rand(I64, 164, 7).in(s)));
        agree("dot empty", s -> s.dot(rand(F64, 165, 0).in(s), rand(F64, 166, 0).in(s)));
        agree("dot 2-D x 1-D", s -> s.dot(rand(F64, 167, 3, 7).in(s), rand(F64, 168, 7).in(s)));
        agree("dot 2-D x 2-D", s -> s.dot(rand(F64, 169, 3, 7).in(s), rand(F64, 170, 7, 2).in(s)));
        agree("dot views", s -> s.dot(rand(F64, 171, 8).slice(new int[] {7}, new int[] {Integer.MIN_VALUE}, new int[] {-2}).in(s),
                rand(F64, 172, 4, 1).t().reshape(4).in(s)));
        agree("dot large", 1e-12, 1e-10, s -> s.dot(rand(F64, 173, 100_000).in(s), rand(F64, 174, 100_000).in(s)));
        for (DType dt : new DType[] {F64, F32, I32, I64}) agree("outer " + dt, s -> s.outer(rand(dt, 175, 3).in(s), rand(dt, 176, 4).in(s)));
        agree("outer size-0", s -> s.outer(rand(F64, 177, 0).in(s), rand(F64, 178, 4).in(s)));
        agree("outer views", s -> s.outer(rand(F64, 179, 9).slice(new int[] {8}, new int[] {0}, new int[] {-3}).in(s), rand(F64, 180, 5).in(s)));
        agree("outer large", s -> s.outer(rand(F64, 181, 300).in(s), rand(F64, 182, 200).in(s)));
    }

    @Test
    void einsumCases() {
        agree("ij,jk->ik", s -> s.einsum("ij,jk->ik", rand(F64, 201, 3, 4).in(s), rand(F64, 202, 4, 5).in(s)));
        agree("bij,bjk->bik", s -> s.einsum("bij,bjk->bik", rand(F64, 203, 2, 3, 4).in(s), rand(F64, 204, 2, 4, 5).in(s)));
        agree("ii-> trace", s -> s.einsum("ii->", rand(F64, 205, 4, 4).in(s)));
        agree("ii->i diagonal", s -> s.einsum("ii->i", rand(F64, 206, 4, 4).in(s)));
        agree("ij->ji", s -> s.einsum("ij->ji", rand(F64, 207, 3, 5).in(s)));
        agree("i,j->ij", s -> s.einsum("i,j->ij", rand(F64, 208, 3).in(s), rand(F64, 209, 4).in(s)));
        agree("ij,jk implicit", s -> s.einsum("ij,jk", rand(F64, 210, 3, 4).in(s), rand(F64, 211, 4, 5).in(s)));
        agree("ba implicit transposes", s -> s.einsum("ba", rand(F64, 212, 3, 4).in(s)));
        agree("ij-> sum", s -> s.einsum("ij->", rand(F64, 213, 3, 4).in(s)));
        agree("ij->j column sums", s -> s.einsum("ij->j", rand(F64, 214, 3, 4).in(s)));
        agree("i,i-> inner", s -> s.einsum("i,i->", rand(F64, 215, 6).in(s), rand(F64, 216, 6).in(s)));
        agree("ij,ij->ij Hadamard", s -> s.einsum("ij,ij->ij", rand(F64, 217, 3, 4).in(s), rand(F64, 218, 3, 4).in(s)));
        agree("...ij,...jk->...ik", s -> s.einsum("...ij,...jk->...ik", rand(F64, 219, 2, 3, 4).in(s), rand(F64, 220, 2, 4, 5).in(s)));
        agree("...ij,...jk->...ik broadcast", s -> s.einsum("...ij,...jk->...ik", rand(F64, 221, 2, 1, 3, 4).in(s),
                rand(F64, 222, 5, 4, 2).in(s)));
        agree("...ij,jk implicit", s -> s.einsum("...ij,jk", rand(F64, 223, 2, 3, 4).in(s), rand(F64, 224, 4, 5).in(s)));
        agree("i...->... ", s -> s.einsum("i...->...", rand(F64, 225, 3, 2, 2).in(s)));
        agree("ij,jk,kl->il 3 operands", s -> s.einsum("ij,jk,kl->il", rand(F64, 226, 2, 3).in(s), rand(F64, 227, 3, 4).in(s),
                rand(F64, 228, 4, 5).in(s)));
        agree("i,i,i-> 3 operands", s -> s.einsum("i,i,i->", rand(F64, 229, 5).in(s), rand(F64, 230, 5).in(s), rand(F64, 231, 5).in(s)));
        agree("bii->bi batched diagonal", s -> s.einsum("bii->bi", rand(F64, 232, 3, 4, 4).in(s)));
        agree("ijk->kji", s -> s.einsum("ijk->kji", rand(F64, 233, 2, 3, 4).in(s)));
        agree("spaces 'ij, jk -> ik'", s -> s.einsum("ij, jk -> ik", rand(F64, 234, 3, 4).in(s), rand(F64, 235, 4, 2).in(s)));
        agree("scalar operand ',ij->ij'", s -> s.einsum(",ij->ij", rand(F64, 236).in(s), rand(F64, 237, 2, 3).in(s)));
        agree("size-0 contraction", s -> s.einsum("ij,jk->ik", rand(F64, 238, 3, 0).in(s), rand(F64, 239, 0, 2).in(s)));
        agree("transposed views", s -> s.einsum("ij,jk->ik", rand(F64, 240, 4, 3).t().in(s), rand(F64, 241, 5, 4).t().in(s)));
        assertFails(IllegalArgumentException.class, () -> service().einsum("ij,jk->ik", service().zeros(I64, 3, 4),
                service().zeros(I64, 4, 5)), "int64");
        agree("float32", 1e-5, 1e-5, s -> s.einsum("bij,bjk->bik", rand(F32, 244, 2, 3, 4).in(s), rand(F32, 245, 2, 4, 5).in(s)));
        agree("large ij,jk->ik", 1e-12, 1e-11, s -> s.einsum("ij,jk->ik", rand(F64, 246, 80, 60).in(s), rand(F64, 247, 60, 70).in(s)));
        agree("large ij->j", 1e-12, 1e-11, s -> s.einsum("ij->j", rand(F64, 248, 200, 100).in(s)));
    }

    @Test
    void einsumByHand() {
        TensorService s = service();
        var a = s.fromArray(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);
        assertArrayEquals(new double[] {15}, s.toDoubleArray(s.einsum("ii->", a)));
        assertArrayEquals(new double[] {1, 5, 9}, s.toDoubleArray(s.einsum("ii->i", a)));
        assertArrayEquals(new double[] {12, 15, 18}, s.toDoubleArray(s.einsum("ij->j", a)));
    }
}
