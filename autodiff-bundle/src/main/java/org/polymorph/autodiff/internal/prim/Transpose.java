package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Axis permutation (full, normalised); the VJP applies the inverse permutation. */
public final class Transpose implements Builtin {
    private final int[] perm;

    public Transpose(int[] perm) { this.perm = perm.clone(); }

    /** The permutation for {@code perm} on a rank-{@code rank} operand (empty reverses the axes). */
    public static int[] normalise(int[] perm, int rank) {
        if (perm.length == 0) {
            int[] p = new int[rank];
            for (int i = 0; i < rank; i++) p[i] = rank - 1 - i;
            return p;
        }
        if (perm.length != rank) throw new IllegalArgumentException("transpose: permutation " + java.util.Arrays.toString(perm) + " for rank " + rank);
        int[] p = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = perm[i] < 0 ? perm[i] + rank : perm[i];
            if (p[i] < 0 || p[i] >= rank || seen[p[i]]) {
                throw new IllegalArgumentException("transpose: " + java.util.Arrays.toString(perm) + " is not a permutation of rank " + rank);
            }
            seen[p[i]] = true;
        }
        return p;
    }

    @Override public String name() { return "transpose"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.transpose(a[0], perm)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return Rules.one(t[0] == null ? null : o.transpose(t[0], perm)); }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        if (ct[0] == null) return new Var[1];
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
        return Rules.one(o.transpose(ct[0], inv));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        int[] p = new int[perm.length + 1];
        for (int i = 0; i < perm.length; i++) p[i + 1] = perm[i] + 1;
        return Rules.one(o.transpose(a[0], p));
    }
}
