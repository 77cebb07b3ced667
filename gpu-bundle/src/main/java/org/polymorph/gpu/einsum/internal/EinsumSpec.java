package org.polymorph.gpu.einsum.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed einsum spec bound to operand shapes, shared by the CPU and the CUDA backends so that both
 * accept the same specs with the same messages (numpy.einsum's syntax; see the CPU backend's Einsum). Labels are ints: 'A'..'Z' are 0..25, 'a'..'z' are
 * 26..51 (so sorting by id is numpy's character order), and broadcast ("...") axis j of the
 * E-dimensional broadcast shape is {@link #ELLIPSIS} + j, right-aligned across operands as numpy does.
 *
 * @param inputs  per operand, the label of each axis (ellipsis expanded)
 * @param output  the output's labels in order
 * @param sizes   per label id, its size after broadcasting (-1 if unused)
 */
public record EinsumSpec(int[][] inputs, int[] output, int[] sizes) {
    public static final int ELLIPSIS = 52;
    private static final int DOTS = -1;   // token for "..." while parsing

    /** Parses {@code spec} for operands of the given shapes; IllegalArgumentException on any problem. */
    public static EinsumSpec parse(String spec, int[][] shapes) {
        String s = spec.replaceAll("\\s+", "");
        int arrow = s.indexOf("->");
        if (arrow >= 0 && s.indexOf("->", arrow + 2) >= 0) throw bad(spec, "more than one '->'");
        String[] terms = (arrow < 0 ? s : s.substring(0, arrow)).split(",", -1);
        if (terms.length != shapes.length) {
            throw bad(spec, "it names " + terms.length + " operand(s) but " + shapes.length + " were given");
        }
        int[][] tokens = new int[terms.length][];
        int e = 0;
        for (int i = 0; i < terms.length; i++) {
            tokens[i] = tokenize(spec, terms[i]);
            e = Math.max(e, ellipsisRank(spec, i, tokens[i], shapes[i].length));
        }
        int[][] inputs = new int[terms.length][];
        int[] sizes = new int[ELLIPSIS + e];
        Arrays.fill(sizes, -1);
        int[] counts = new int[ELLIPSIS];
        for (int i = 0; i < terms.length; i++) {
            inputs[i] = expand(tokens[i], shapes[i].length, e);
            bindSizes(spec, i, inputs[i], shapes[i], sizes);
            for (int label : inputs[i]) if (label < ELLIPSIS) counts[label]++;
        }
        int[] output = arrow < 0 ? implicitOutput(counts, e) : explicitOutput(spec, s.substring(arrow + 2), counts, e);
        return new EinsumSpec(inputs, output, sizes);
    }

    /** Letters to label ids and "..." to {@link #DOTS}; rejects anything else and a second "...". */
    private static int[] tokenize(String spec, String term) {
        List<Integer> out = new ArrayList<>();
        boolean dots = false;
        for (int c = 0; c < term.length(); c++) {
            char ch = term.charAt(c);
            if (ch >= 'A' && ch <= 'Z') out.add(ch - 'A');
            else if (ch >= 'a' && ch <= 'z') out.add(26 + ch - 'a');
            else if (term.startsWith("...", c) && !dots) {
                out.add(DOTS);
                dots = true;
                c += 2;
            } else if (ch == '.') {
                throw bad(spec, "term '" + term + "' has a '.' that is not part of a single '...'");
            } else {
                throw bad(spec, "invalid character '" + ch + "' in term '" + term + "'; use letters a-z, A-Z and '...'");
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Number of axes operand i's "..." stands for (0 without one); checks the rank. */
    private static int ellipsisRank(String spec, int i, int[] tokens, int rank) {
        boolean dots = Arrays.stream(tokens).anyMatch(t -> t == DOTS);
        int letters = tokens.length - (dots ? 1 : 0);
        if (dots ? letters > rank : letters != rank) {
            throw bad(spec, "operand " + i + " has rank " + rank + " but its subscripts name " + letters
                    + " axes" + (dots ? "" : " and have no '...' for the others"));
        }
        return rank - letters;
    }

    private static int[] expand(int[] tokens, int rank, int e) {
        int[] labels = new int[rank];
        int k = 0;
        for (int t : tokens) {
            if (t != DOTS) {
                labels[k++] = t;
                continue;
            }
            int mine = rank - (tokens.length - 1);
            for (int j = 0; j < mine; j++) labels[k++] = ELLIPSIS + e - mine + j;
        }
        return labels;
    }

    /** Letters must agree exactly; broadcast axes follow numpy broadcasting (size 1 stretches). */
    private static void bindSizes(String spec, int i, int[] labels, int[] shape, int[] sizes) {
        for (int d = 0; d < labels.length; d++) {
            int label = labels[d];
            int have = sizes[label];
            int dim = shape[d];
            if (label < ELLIPSIS) {
                if (have >= 0 && have != dim) {
                    throw bad(spec, "index '" + name(label) + "' has size " + have + " in an earlier axis but "
                            + dim + " in axis " + d + " of operand " + i);
                }
                sizes[label] = dim;
            } else if (have < 0 || have == 1) {
                sizes[label] = dim;
            } else if (dim != 1 && dim != have) {
                throw bad(spec, "broadcast ('...') axis of size " + dim + " in operand " + i
                        + " does not broadcast against size " + have);
            }
        }
    }

    /** numpy: broadcast axes first, then the letters that occur exactly once, in character order. */
    private static int[] implicitOutput(int[] counts, int e) {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < e; j++) out.add(ELLIPSIS + j);
        for (int label = 0; label < ELLIPSIS; label++) if (counts[label] == 1) out.add(label);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] explicitOutput(String spec, String term, int[] counts, int e) {
        int[] tokens = tokenize(spec, term);
        List<Integer> out = new ArrayList<>();
        boolean dots = false;
        for (int t : tokens) {
            if (t == DOTS) {
                dots = true;
                for (int j = 0; j < e; j++) out.add(ELLIPSIS + j);
            } else if (counts[t] == 0) {
                throw bad(spec, "output index '" + name(t) + "' does not appear in any input");
            } else if (out.contains(t)) {
                throw bad(spec, "output index '" + name(t) + "' appears more than once in the output");
            } else {
                out.add(t);
            }
        }
        if (!dots && e > 0) {
            throw bad(spec, "the inputs have " + e + " broadcast ('...') axes but the output has no '...'");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    public static char name(int label) {
        return label < 26 ? (char) ('A' + label) : (char) ('a' + label - 26);
    }

    public static IllegalArgumentException bad(String spec, String problem) {
        return new IllegalArgumentException("einsum '" + spec + "': " + problem);
    }
}
