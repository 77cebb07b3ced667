package org.polymorph.autodiff.internal.prim;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/** Reshape to a fully resolved shape (no -1). */
public final class Reshape implements Builtin {
    private final int[] shape;

    public Reshape(int[] shape) { this.shape = shape.clone(); }

    @Override public String name() { return "reshape"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.reshape(a[0], shape)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) { return Rules.one(t[0] == null ? null : o.reshape(t[0], shape)); }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        return Rules.one(ct[0] == null ? null : o.reshape(ct[0], x[0].shape().toArray()));
    }

    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        return Rules.one(o.reshape(a[0], Rules.prepend(a[0].dim(0), shape)));
    }

    /** Resolves one -1 entry against {@code size} elements; checks the element count. */
    public static int[] resolve(int[] shape, long size, Object from) {
        int[] s = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + java.util.Arrays.toString(shape));
                unknown = i;
            } else {
                if (s[i] < 0) throw new IllegalArgumentException("reshape: negative dimension in " + java.util.Arrays.toString(shape));
                known *= s[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + from + " to " + java.util.Arrays.toString(shape));
            }
            s[unknown] = (int) (size / known);
        } else if (known != size) {
            throw new IllegalArgumentException("reshape: cannot reshape " + from + " (" + size + " elements) to "
                    + java.util.Arrays.toString(shape));
        }
        return s;
    }
}
