package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;
import org.polymorph.core.tensor.BinaryOp;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Decompositions.Eigh;
import org.polymorph.core.tensor.ReduceOp;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.UnaryOp;

/**
 * The contract must fail for plausible backend bugs: each case injects one fault into a
 * forwarding copy of the reference and runs the contract test that should catch it.
 */
class ContractSelfTest {

    private static void caught(Executable contractTest) {
        assertThrows(AssertionFailedError.class, contractTest, "the contract missed an injected fault");
    }

    /** A large-tensor path that drifts by 1e-9 relative. */
    @Test
    void catchesAnInaccurateBigTensorPath() {
        TensorService faulty = new ForwardingTensorService() {
            @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
                Tensor r = d.binary(op, a, b);
                return r.size() > 4096 && r.dtype() == DType.FLOAT64 ? d.mul(r, d.scalar(DType.FLOAT64, 1 + 1e-9)) : r;
            }
        };
        caught(() -> new ContractElementwise() {
            @Override protected TensorService service() { return faulty; }
        }.binaryLarge(BinaryOp.ADD));
    }

    /** A transpose that ignores the permutation (a reshape), as a stride bug would. */
    @Test
    void catchesAViewBug() {
        TensorService faulty = new ForwardingTensorService() {
            @Override public Tensor transpose(Tensor x, int... perm) {
                int[] dims = d.transpose(x, perm).shape().toArray();
                return d.reshape(x, dims);
            }
        };
        caught(() -> new ContractReductions() {
            @Override protected TensorService service() { return faulty; }
        }.edgeShapesAndViews(ReduceOp.SUM));
        caught(() -> new ContractContractions() {
            @Override protected TensorService service() { return faulty; }
        }.matmulEdgeShapesAndViews());
    }

    /** Floored instead of truncated integer division. */
    @Test
    void catchesFlooredIntegerDivision() {
        TensorService faulty = new ForwardingTensorService() {
            @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
                if (op != BinaryOp.DIV || a.dtype().isFloating()) return d.binary(op, a, b);
                Tensor q = d.div(d.cast(a, DType.FLOAT64), d.cast(b, DType.FLOAT64));
                return d.cast(d.unary(UnaryOp.FLOOR, q), a.dtype());
            }
        };
        caught(() -> new ContractElementwise() {
            @Override protected TensorService service() { return faulty; }
        }.integerSemanticsByHand());
    }

    /** An argsort that is not stable (ties in reverse order). */
    @Test
    void catchesAnUnstableArgsort() {
        TensorService faulty = new ForwardingTensorService() {
            @Override public Tensor argsort(Tensor x, int ax) {
                int axis = x.shape().normalizeAxis(ax);
                Tensor flipped = d.slice(x, start(x, axis), stop(x, axis), step(x, axis));
                Tensor idx = d.argsort(flipped, axis);
                Tensor last = d.full(DType.INT64, x.dim(axis) - 1);
                return d.sub(last, idx);
            }
        };
        caught(() -> new ContractReductions() {
            @Override protected TensorService service() { return faulty; }
        }.sortAndArgsort());
    }

    /** Eigenvectors that are not normalised. */
    @Test
    void catchesUnnormalisedEigenvectors() {
        TensorService faulty = new ForwardingTensorService() {
            @Override public Eigh eigh(Tensor a) {
                Eigh e = d.eigh(a);
                return new Eigh(e.values(), d.mul(e.vectors(), d.scalar(e.vectors().dtype(), 2)));
            }
        };
        caught(() -> new ContractLinalg() {
            @Override protected TensorService service() { return faulty; }
        }.eigh());
    }

    private static int[] start(Tensor x, int axis) {
        int[] s = new int[x.rank()];
        s[axis] = -1;
        return s;
    }

    private static int[] stop(Tensor x, int axis) {
        int[] s = x.shape().toArray();
        s[axis] = Integer.MIN_VALUE;
        return s;
    }

    private static int[] step(Tensor x, int axis) {
        int[] s = new int[x.rank()];
        java.util.Arrays.fill(s, 1);
        s[axis] = -1;
        return s;
    }
}
