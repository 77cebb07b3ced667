package org.polymorph.materials.space;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;

/**
 * Differentiable pair geometry over a {@link PairList} (a neighbour list, say): r_ij = r_j + S_ij·h − r_i with the
 * integer shifts S of the list, as Var ops of the positions R [N, 3] and the cell h [3, 3], so
 * ∂E/∂R gives forces and ∂E/∂h (through a strain) gives stress.
 */
public final class Space {
    private Space() { }

    /** The constant index Vars (INT32) and shifts [P, 3] of a list, built once per list. */
    public record Pairs(Var i, Var j, Var shifts, int count) {
        public static Pairs of(Ops o, PairList nl) {
            int p = nl.pairs();
            return new Pairs(o.constant(o.tensors().fromArray(nl.pairI(), p)), o.constant(o.tensors().fromArray(nl.pairJ(), p)),
                    o.constant(o.tensors().fromArray(nl.shiftMatrix(), p, 3)), p);
        }
    }

    /** r_ij [P, 3] for every entry of the list. */
    public static Var pairVectors(Ops o, Var positions, Var cell, Pairs pairs) {
        Var d = o.sub(o.take(positions, pairs.j(), 0), o.take(positions, pairs.i(), 0));
        return o.add(d, o.matmul(o.cast(pairs.shifts(), cell.dtype()), cell));
    }

    /** |r_ij| [P]. */
    public static Var distances(Ops o, Var vectors) { return o.sqrt(o.sum(o.square(vectors), 1)); }

    /** Positions and cell deformed by the strain ε [3, 3]: R (I + ε), h (I + ε). */
    public static Var[] strain(Ops o, Var positions, Var cell, Var eps) {
        Var f = o.add(o.constant(o.tensors().eye(DType.FLOAT64, 3)), eps);
        return new Var[] {o.matmul(positions, f), o.matmul(cell, f)};
    }
}
