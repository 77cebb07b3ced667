package org.polymorph.core.tensor.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Shape;

/**
 * numpy.einsum by brute force: one loop over every combination of index values, multiplying the
 * operand elements and adding into the output. Labels are letters; the axes covered by "..." get
 * labels {@code ELLIPSIS + j}, aligned to the right and broadcast like NumPy (length 1 repeats).
 */
final class RefEinsum {
    private static final int ELLIPSIS = 1000;

    private final String spec;
    private final RefTensor[] ops;
    private final List<int[]> opLabels = new ArrayList<>();
    private final Map<Integer, Integer> sizes = new LinkedHashMap<>();
    private int ellipsisRank;

    private RefEinsum(String spec, RefTensor[] ops) {
        this.spec = spec;
        this.ops = ops;
    }

    static RefTensor einsum(String spec, RefTensor... ops) {
        if (spec == null) throw new IllegalArgumentException("einsum: spec is null; give e.g. \"ij,jk->ik\"");
        if (ops.length == 0) throw new IllegalArgumentException("einsum: no operands for spec '" + spec + "'");
        for (RefTensor t : ops) {
            Values.requireSameDtype("einsum '" + spec + "'", ops[0], t);
            Values.requireFloating("einsum '" + spec + "'", t);
        }
        return new RefEinsum(spec, ops).run();
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("einsum '" + spec + "': " + what);
    }

    private RefTensor run() {
        String s = spec.replace(" ", "");
        int arrow = s.indexOf("->");
        String[] terms = (arrow < 0 ? s : s.substring(0, arrow)).split(",", -1);
        if (terms.length != ops.length) {
            throw error(terms.length + " input terms but " + ops.length + " operands; give one term per operand");
        }
        parseInputs(terms);
        int[] out = arrow < 0 ? implicitOutput(terms) : explicitOutput(s.substring(arrow + 2));
        return contract(out);
    }

    private void parseInputs(String[] terms) {
        int[] ell = new int[terms.length];
        for (int t = 0; t < terms.length; t++) {
            String letters = terms[t].replace("...", "");
            checkLetters(letters, terms[t]);
            boolean hasEllipsis = letters.length() != terms[t].length();
            ell[t] = ops[t].rank() - letters.length();
            if (ell[t] < 0 || (!hasEllipsis && ell[t] != 0)) {
                throw error("term '" + terms[t] + "' has " + letters.length() + " indices but operand " + t
                        + " has shape " + ops[t].shape() + "; give one index per axis (or use ...)");
            }
            ellipsisRank = Math.max(ellipsisRank, ell[t]);
        }
        for (int t = 0; t < terms.length; t++) {
            int[] labels = new int[ops[t].rank()];
            int p = 0;
            int[] dims = ops[t].dims();
            String term = terms[t];
            for (int c = 0; c < term.length(); c++) {
                if (term.startsWith("...", c)) {
                    for (int j = 0; j < ell[t]; j++) labels[p++] = ELLIPSIS + ellipsisRank - ell[t] + j;
                    c += 2;
                } else {
                    labels[p++] = term.charAt(c);
                }
            }
            for (int a = 0; a < labels.length; a++) addSize(labels[a], dims[a], t);
            opLabels.add(labels);
        }
    }

    private void checkLetters(String letters, String term) {
        for (char c : letters.toCharArray()) {
            if (!Character.isLetter(c) || c > 127) {
                throw error("bad character '" + c + "' in term '" + term + "'; use letters a-z, A-Z and one '...'");
            }
        }
    }

    private void addSize(int label, int size, int operand) {
        Integer old = sizes.get(label);
        if (old == null || old == 1 && label >= ELLIPSIS) {
            sizes.put(label, size);
        } else if (old != size && !(label >= ELLIPSIS && size == 1)) {
            throw error("index " + name(label) + " has length " + old + " and " + size + " (operand " + operand
                    + ", shape " + ops[operand].shape() + "); make the lengths agree");
        }
    }

    private static String name(int label) {
        return label >= ELLIPSIS ? "'...'[" + (label - ELLIPSIS) + "]" : "'" + (char) label + "'";
    }

    private int[] implicitOutput(String[] terms) {
        Map<Character, Integer> counts = new TreeMap<>();
        for (String t : terms) for (char c : t.replace("...", "").toCharArray()) counts.merge(c, 1, Integer::sum);
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < ellipsisRank; j++) out.add(ELLIPSIS + j);
        counts.forEach((c, n) -> { if (n == 1) out.add((int) c); });
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private int[] explicitOutput(String term) {
        String letters = term.replace("...", "");
        checkLetters(letters, term);
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < term.length(); c++) {
            if (term.startsWith("...", c)) {
                for (int j = 0; j < ellipsisRank; j++) out.add(ELLIPSIS + j);
                c += 2;
                continue;
            }
            int label = term.charAt(c);
            if (!sizes.containsKey(label)) throw error("output index '" + (char) label + "' appears in no input term");
            if (out.contains(label)) throw error("output index '" + (char) label + "' is repeated; list it once");
            out.add(label);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private RefTensor contract(int[] out) {
        List<Integer> all = new ArrayList<>();
        for (int l : out) all.add(l);
        for (int l : sizes.keySet()) if (!all.contains(l)) all.add(l);
        int[] lengths = all.stream().mapToInt(sizes::get).toArray();
        int[] outDims = java.util.Arrays.copyOf(lengths, out.length);
        int[][] pos = new int[ops.length][];
        for (int t = 0; t < ops.length; t++) {
            pos[t] = new int[opLabels.get(t).length];
            for (int a = 0; a < pos[t].length; a++) pos[t][a] = all.indexOf(opLabels.get(t)[a]);
        }
        DType dt = ops[0].dtype();
        double[] acc = new double[Layout.size(outDims)];
        long[] iacc = new long[acc.length];
        int[] val = new int[lengths.length];
        long total = 1;
        for (int len : lengths) total *= len;
        for (long it = 0; it < total; it++) {
            int o = 0;
            for (int a = 0; a < out.length; a++) o = o * outDims[a] + val[a];
            double prod = 1;
            long iprod = 1;
            for (int t = 0; t < ops.length; t++) {
                double v = ops[t].get(offset(ops[t].dims(), pos[t], val));
                prod *= v;
                iprod *= (long) v;
            }
            acc[o] += prod;
            iacc[o] += iprod;
            for (int a = lengths.length - 1; a >= 0 && ++val[a] == lengths[a]; a--) val[a] = 0;
        }
        for (int i = 0; i < acc.length; i++) acc[i] = dt.isFloating() ? Values.store(dt, acc[i]) : Values.wrap(dt, iacc[i]);
        return new RefTensor(dt, Shape.of(outDims), acc);
    }

    /** Position in an operand of the element at the current index values; length-1 axes broadcast. */
    private static int offset(int[] dims, int[] pos, int[] val) {
        int flat = 0;
        for (int a = 0; a < dims.length; a++) flat = flat * dims[a] + (dims[a] == 1 ? 0 : val[pos[a]]);
        return flat;
    }
}
