package org.polymorph.shell.internal.text;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: left-aligned columns separated by two spaces, optional header rule. */
public final class Table {
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

    public String render(String indent) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) width[c] = Math.max(width[c], r[c].length());
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            line(sb, indent, rows.get(i), width);
            if (i == 0) {
                String[] rule = new String[columns];
                for (int c = 0; c < columns; c++) rule[c] = "-".repeat(width[c]);
                line(sb, indent, rule, width);
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String indent, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder(indent);
        for (int c = 0; c < cells.length; c++) {
            l.append(cells[c]);
            if (c < cells.length - 1) l.append(" ".repeat(width[c] - cells[c].length() + 2));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
