package org.polymorph.autodiff.internal.prim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;

/**
 * numpy.einsum on an explicit, letters-only spec ({@link #plan} rewrites "..." and implicit outputs).
 * Multilinear: the JVP sums the einsums with one operand replaced by its tangent. The VJP of operand
 * i is the einsum "out,others->in_i" of the cotangent with the other operands; a label repeated in
 * in_i (a diagonal) is renamed to fresh labels joined by identity constants, and a label found only
 * in in_i (summed out) is restored by broadcasting.
 */
public final class Einsum implements Builtin {
    private final String[] in;
    private final String out;

    public Einsum(String[] in, String out) {
        this.in = in.clone();
        this.out = out;
    }

    public String spec() { return String.join(",", in) + "->" + out; }

    @Override public String name() { return "einsum"; }

    @Override public Tensor[] apply(TensorService ts, Tensor[] a) { return Rules.one(ts.einsum(spec(), a)); }

    @Override public Var[] jvp(Ops o, Var[] x, Var[] y, Var[] t) {
        Var acc = null;
        for (int i = 0; i < x.length; i++) {
            if (t[i] == null) continue;
            Var[] args = x.clone();
            args[i] = t[i];
            acc = Rules.sum(o, acc, o.einsum(spec(), args));
        }
        return Rules.one(acc);
    }

    @Override public Var[] vjp(Ops o, Var[] x, Var[] y, Var[] ct) {
        Var[] res = new Var[x.length];
        if (ct[0] == null) return res;
        for (int i = 0; i < x.length; i++) if (x[i].dtype().isFloating()) res[i] = operandCotangent(o, x, ct[0], i);
        return res;
    }

    private Var operandCotangent(Ops o, Var[] x, Var ct, int i) {
        List<String> terms = new ArrayList<>();
        List<Var> args = new ArrayList<>();
        terms.add(out);
        args.add(ct);
        for (int j = 0; j < x.length; j++) {
            if (j == i) continue;
            terms.add(in[j]);
            args.add(x[j]);
        }
        String used = String.join("", in) + out;
        StringBuilder target = new StringBuilder();
        for (int p = 0; p < in[i].length(); p++) {
            char c = in[i].charAt(p);
            if (target.indexOf(String.valueOf(c)) < 0) {
                target.append(c);
                continue;
            }
            char f = fresh(used + target);                    // diagonal: δ(c, f) joins the repeated axis
            target.append(f);
            terms.add("" + c + f);
            args.add(o.constant(o.tensors().eye(ct.dtype(), x[i].dim(p))));
        }
        String present = String.join("", terms);
        StringBuilder keep = new StringBuilder();
        int[] shape = new int[target.length()];
        for (int p = 0; p < target.length(); p++) {
            char c = target.charAt(p);
            boolean found = present.indexOf(c) >= 0;
            if (found) keep.append(c);
            shape[p] = found ? x[i].dim(p) : 1;
        }
        Var r = o.einsum(String.join(",", terms) + "->" + keep, args.toArray(new Var[0]));
        return o.broadcastTo(o.reshape(r, shape), x[i].shape().toArray());
    }

    /** A fresh leading label on the batched operands and on the output. */
    @Override public Var[] batch(Ops o, Var[] a, boolean[] batched) {
        char b = fresh(String.join("", in) + out);
        String[] terms = new String[in.length];
        Var[] args = a.clone();
        for (int i = 0; i < in.length; i++) terms[i] = batched[i] ? b + in[i] : in[i];
        return Rules.one(o.einsum(String.join(",", terms) + "->" + b + out, args));
    }

    private static char fresh(String used) {
        for (char c = 'a'; c <= 'z'; c++) if (used.indexOf(c) < 0) return c;
        for (char c = 'A'; c <= 'Z'; c++) if (used.indexOf(c) < 0) return c;
        throw new IllegalArgumentException("einsum: all 52 index letters are in use; the rule needs a free one");
    }

    /** An explicit letters-only form of a spec, and the shapes the operands broadcast to ("..." axes). */
    public record Plan(String[] in, String out, int[][] broadcast) { }

    /** Resolves "..." into fresh letters (broadcasting length-1 axes) and an implicit output into numpy's. */
    public static Plan plan(String spec, int[][] shapes) {
        if (spec == null) throw new IllegalArgumentException("einsum: spec is null; give e.g. \"ij,jk->ik\"");
        String s = spec.replace(" ", "");
        int arrow = s.indexOf("->");
        String[] terms = (arrow < 0 ? s : s.substring(0, arrow)).split(",", -1);
        if (terms.length != shapes.length) {
            throw new IllegalArgumentException("einsum '" + spec + "': " + terms.length + " input terms but " + shapes.length
                    + " operands; give one term per operand");
        }
        int[] ell = new int[terms.length];
        int ellRank = 0;
        for (int t = 0; t < terms.length; t++) {
            String letters = terms[t].replace("...", "");
            boolean has = letters.length() != terms[t].length();
            ell[t] = shapes[t].length - letters.length();
            if (terms[t].indexOf("...") != terms[t].lastIndexOf("...") || ell[t] < 0 || (!has && ell[t] != 0)) {
                throw new IllegalArgumentException("einsum '" + spec + "': term '" + terms[t] + "' does not fit operand " + t
                        + " of shape " + Arrays.toString(shapes[t]) + "; give one index per axis (or one ...)");
            }
            ellRank = Math.max(ellRank, ell[t]);
        }
        StringBuilder used = new StringBuilder(s);
        char[] e = new char[ellRank];
        int[] esz = new int[ellRank];
        Arrays.fill(esz, 1);
        for (int j = 0; j < ellRank; j++) {
            e[j] = fresh(used.toString());
            used.append(e[j]);
        }
        String[] in = new String[terms.length];
        int[][] bc = new int[terms.length][];
        for (int t = 0; t < terms.length; t++) {
            int p = terms[t].indexOf("...");
            for (int j = 0; j < ell[t]; j++) {
                int d = shapes[t][p + j];
                int k = ellRank - ell[t] + j;
                if (d != 1 && esz[k] != 1 && d != esz[k]) {
                    throw new IllegalArgumentException("einsum '" + spec + "': the '...' axes of the operands cannot be broadcast"
                            + " together (length " + esz[k] + " vs " + d + ")");
                }
                if (d != 1) esz[k] = d;
            }
            in[t] = p < 0 ? terms[t] : terms[t].substring(0, p) + new String(e, ellRank - ell[t], ell[t]) + terms[t].substring(p + 3);
        }
        for (int t = 0; t < terms.length; t++) {
            int p = terms[t].indexOf("...");
            if (p < 0) continue;
            int[] target = shapes[t].clone();
            for (int j = 0; j < ell[t]; j++) target[p + j] = esz[ellRank - ell[t] + j];
            if (!Arrays.equals(target, shapes[t])) bc[t] = target;
        }
        String ellLetters = new String(e);
        String out;
        if (arrow >= 0) {
            out = s.substring(arrow + 2).replace("...", ellLetters);
        } else {
            TreeMap<Character, Integer> counts = new TreeMap<>();
            for (String t : terms) for (char c : t.replace("...", "").toCharArray()) counts.merge(c, 1, Integer::sum);
            StringBuilder o = new StringBuilder(ellLetters);
            counts.forEach((c, n) -> { if (n == 1) o.append(c); });
            out = o.toString();
        }
        return new Plan(in, out, bc);
    }
}
