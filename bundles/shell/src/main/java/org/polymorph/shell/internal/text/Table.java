package org.polymorph.shell.internal.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A plain-text table: left-aligned columns separated by two spaces, a rule under the header, fitted to a
 * width in characters (a terminal's columns, or {@link #DEFAULT_WIDTH}). When the columns do not fit, the
 * widest column is narrowed first (in a {@code describe} table the description, in {@code jobs} the run
 * directory) and its cells wrap onto continuation lines, at spaces where they can and after a '/', ',' or '|'
 * (paths, lists, choices) otherwise.
 */
public final class Table {
    /** The width when the output is no terminal or its width is unknown. */
    public static final int DEFAULT_WIDTH = 100;
    /** The widest column alone is narrowed down to this share of the width (not below {@link #WRAP_FLOOR}) before any other. */
    static final double WRAP_SHARE = 0.4;
    /** The fewest characters the widest column keeps while another column can still give some up. */
    static final int WRAP_FLOOR = 24;
    private static final String GAP = "  ";

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public Table(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    public Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("table row has " + cells.length + " cells, header has " + columns);
        }
        rows.add(cells);
        return this;
    }

    /**
     * The width to fit to from a terminal's column count as a shell reports it (a number, or its digits as
     * text; Gogo's {@code COLUMNS} session variable): {@link #DEFAULT_WIDTH} when absent, unreadable or zero.
     */
    public static int width(Object columns) {
        int w = 0;
        if (columns instanceof Number n) {
            w = n.intValue();
        } else if (columns != null && columns.toString().trim().matches("\\d{1,6}")) {
            w = Integer.parseInt(columns.toString().trim());
        }
        return w > 0 ? w : DEFAULT_WIDTH;
    }

    /** The table with every line at most {@code width} characters, {@code indent} included. */
    public String render(String indent, int width) {
        int[] w = fit(natural(), width - indent.length() - GAP.length() * (columns - 1));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            lines(sb, indent, rows.get(i), w);
            if (i == 0) {
                String[] rule = new String[columns];
                for (int c = 0; c < columns; c++) rule[c] = "-".repeat(w[c]);
                lines(sb, indent, rule, w);
            }
        }
        return sb.toString();
    }

    private int[] natural() {
        int[] w = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) w[c] = Math.max(w[c], r[c].length());
        }
        return w;
    }

    /**
     * Column widths whose sum fits {@code room}. The widest column (the later one on a tie: a description,
     * a path) wraps first, down to a fair share of the room ({@link #WRAP_SHARE}, at least {@link #WRAP_FLOOR});
     * then the other columns, widest first, down to their headers, the first column (names, ids) kept whole;
     * then every column down to its header; on a very narrow terminal down to one character.
     */
    private int[] fit(int[] natural, int room) {
        int[] w = natural.clone();
        int wrap = widest(natural);
        int[] header = new int[columns];
        for (int c = 0; c < columns; c++) header[c] = Math.min(natural[c], rows.get(0)[c].length());
        int[] floor = header.clone();
        floor[0] = natural[0];
        floor[wrap] = Math.max(header[wrap], Math.min(natural[wrap], Math.max(WRAP_FLOOR, (int) (room * WRAP_SHARE))));
        narrow(w, floor, room, c -> c == wrap);
        narrow(w, floor, room, c -> c != wrap);
        narrow(w, header, room, c -> true);
        int[] one = new int[columns];
        Arrays.fill(one, 1);
        narrow(w, one, room, c -> true);
        return w;
    }

    /** The index of the largest width, the later one on a tie. */
    private static int widest(int[] w) {
        int widest = 0;
        for (int c = 1; c < w.length; c++) if (w[c] >= w[widest]) widest = c;
        return widest;
    }

    /**
     * Narrows the widest of the {@code eligible} columns above their {@code floor} (the later on a tie), one
     * character at a time, until the widths fit {@code room}.
     */
    private static void narrow(int[] w, int[] floor, int room, IntPredicate eligible) {
        int total = Arrays.stream(w).sum();
        while (total > room) {
            int widest = -1;
            for (int c = 0; c < w.length; c++) {
                if (eligible.test(c) && w[c] > floor[c] && (widest < 0 || w[c] >= w[widest])) widest = c;
            }
            if (widest < 0) return;
            w[widest]--;
            total--;
        }
    }

    private static void lines(StringBuilder sb, String indent, String[] cells, int[] width) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int c = 0; c < cells.length; c++) {
            List<String> l = wrap(cells[c], width[c]);
            wrapped.add(l);
            height = Math.max(height, l.size());
        }
        for (int k = 0; k < height; k++) {
            StringBuilder l = new StringBuilder(indent);
            for (int c = 0; c < cells.length; c++) {
                String part = k < wrapped.get(c).size() ? wrapped.get(c).get(k) : "";
                l.append(part);
                if (c < cells.length - 1) l.append(" ".repeat(width[c] - part.length())).append(GAP);
            }
            sb.append(l.toString().stripTrailing()).append('\n');
        }
    }

    /** Running text in lines of at most {@code width} characters, each line of {@code text} wrapped as {@link #wrap} does. */
    public static String paragraph(String text, int width) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            for (String part : wrap(line, Math.max(1, width))) sb.append(part).append('\n');
        }
        return sb.toString();
    }

    /** {@code text} in lines of at most {@code width} characters, broken at the last space, else after the last '/', ',' or '|', else hard. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            int next;
            if (cut > 0) {
                next = cut + 1;
            } else {
                cut = 0;
                for (char at : new char[] {'/', ',', '|'}) cut = Math.max(cut, rest.lastIndexOf(at, width - 1) + 1);
                if (cut <= 0) cut = width;
                next = cut;
            }
            out.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(next).stripLeading();
        }
        out.add(rest);
        return out;
    }
}
