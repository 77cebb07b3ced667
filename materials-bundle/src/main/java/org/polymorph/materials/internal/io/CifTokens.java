package org.polymorph.materials.internal.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first data block of a CIF 1.1 file as tag → value and loops (tag lists with rows). Handles
 * '#' comments, 'single' and "double" quoted values, and ;-delimited text fields. Tags are
 * lower-cased and '.' becomes '_' (so _space_group_symop.operation_xyz matches the CIF 1 name).
 */
final class CifTokens {
    record Token(String text, int line, boolean quoted) { }

    record Loop(List<String> tags, List<Token[]> rows) {
        int column(String tag) { return tags.indexOf(tag); }
    }

    final Map<String, Token> items = new LinkedHashMap<>();
    final List<Loop> loops = new ArrayList<>();
    String blockName;

    static String normalise(String tag) { return tag.toLowerCase().replace('.', '_'); }

    static CifTokens parse(LineSource src) {
        List<Token> toks = tokenize(src);
        CifTokens cif = new CifTokens();
        int i = 0;
        while (i < toks.size()) {
            Token t = toks.get(i);
            String low = t.quoted ? "" : t.text.toLowerCase();
            if (low.startsWith("data_")) {
                if (cif.blockName != null) break;
                cif.blockName = t.text.substring(5);
                i++;
            } else if (low.equals("loop_")) {
                i = cif.readLoop(toks, i + 1, src);
            } else if (low.startsWith("_")) {
                if (i + 1 >= toks.size() || isReserved(toks.get(i + 1))) {
                    throw new IllegalArgumentException(src.name() + " line " + t.line + ": expected a value after " + t.text);
                }
                cif.items.put(normalise(t.text), toks.get(i + 1));
                i += 2;
            } else {
                throw new IllegalArgumentException(src.name() + " line " + t.line + ": expected data_, loop_ or a _tag, got '" + t.text + "'");
            }
        }
        if (cif.blockName == null) throw new IllegalArgumentException(src.name() + " line 1: expected a data_ block; the file has none");
        return cif;
    }

    private static boolean isReserved(Token t) {
        if (t.quoted) return false;
        String low = t.text.toLowerCase();
        return low.startsWith("_") || low.equals("loop_") || low.startsWith("data_");
    }

    private int readLoop(List<Token> toks, int i, LineSource src) {
        List<String> tags = new ArrayList<>();
        int loopLine = toks.get(i - 1).line;
        while (i < toks.size() && !toks.get(i).quoted && toks.get(i).text.startsWith("_")) tags.add(normalise(toks.get(i++).text));
        if (tags.isEmpty()) throw new IllegalArgumentException(src.name() + " line " + loopLine + ": expected _tags after loop_");
        List<Token> values = new ArrayList<>();
        while (i < toks.size() && !isReserved(toks.get(i))) values.add(toks.get(i++));
        if (values.size() % tags.size() != 0) {
            int line = values.isEmpty() ? loopLine : values.get(values.size() - 1).line;
            throw new IllegalArgumentException(src.name() + " line " + line + ": expected a multiple of " + tags.size()
                    + " values in the loop of " + tags + ", got " + values.size());
        }
        List<Token[]> rows = new ArrayList<>();
        for (int k = 0; k < values.size(); k += tags.size()) rows.add(values.subList(k, k + tags.size()).toArray(new Token[0]));
        loops.add(new Loop(tags, rows));
        return i;
    }

    /** The loop holding one of the tags (first match), or null. */
    Loop loopWith(String... tags) {
        for (Loop l : loops) for (String t : tags) if (l.tags.contains(t)) return l;
        return null;
    }

    private static List<Token> tokenize(LineSource src) {
        List<Token> out = new ArrayList<>();
        String line;
        while ((line = src.next()) != null) {
            int ln = src.line();
            if (line.startsWith(";")) {
                StringBuilder text = new StringBuilder(line.substring(1));
                while (true) {
                    String l = src.next();
                    if (l == null) throw new IllegalArgumentException(src.name() + " line " + ln + ": expected a closing ';' for this text field");
                    if (l.startsWith(";")) break;
                    text.append('\n').append(l);
                }
                out.add(new Token(text.toString(), ln, true));
                continue;
            }
            int i = 0, n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#') {
                    break;
                } else if (c == '\'' || c == '"') {
                    int end = i + 1;
                    while (end < n && !(line.charAt(end) == c && (end + 1 == n || Character.isWhitespace(line.charAt(end + 1))))) end++;
                    if (end >= n) throw new IllegalArgumentException(src.name() + " line " + ln + ": expected a closing " + c + " in '" + line.strip() + "'");
                    out.add(new Token(line.substring(i + 1, end), ln, true));
                    i = end + 1;
                } else {
                    int s = i;
                    while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
                    out.add(new Token(line.substring(s, i), ln, false));
                }
            }
        }
        return out;
    }
}
