package org.polymorph.core.method;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean" candidates: names within a small edit distance, or sharing a prefix/segment. */
final class Suggestions {
    private static final int MAX = 3;

    private Suggestions() { }

    /** Up to three names close to {@code wanted}, closest first. */
    static List<String> closeTo(String wanted, Collection<String> names) {
        String w = wanted.toLowerCase(Locale.ROOT);
        List<Scored> scored = new ArrayList<>();
        for (String n : names) {
            String c = n.toLowerCase(Locale.ROOT);
            int d = editDistance(w, c);
            boolean related = !w.isEmpty() && (c.startsWith(w) || c.contains("." + w) || w.startsWith(c + "."));
            if (d <= Math.max(2, w.length() / 3) || related) scored.add(new Scored(n, related ? Math.min(d, 1) : d));
        }
        scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(MAX, scored.size()); i++) out.add(scored.get(i).name());
        return out;
    }

    /** " (did you mean a, b?)" or "". */
    static String didYouMean(String wanted, Collection<String> names) {
        List<String> close = closeTo(wanted, names);
        return close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)";
    }

    /** Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + sub);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private record Scored(String name, int score) { }
}
