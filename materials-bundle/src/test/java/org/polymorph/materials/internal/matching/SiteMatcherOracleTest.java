package org.polymorph.materials.internal.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.runtime.PythonPeer;
import org.polymorph.materials.matching.MatchOptions;
import org.polymorph.materials.matching.StructureMatch;
import org.polymorph.materials.structure.Atoms;

/** Verdicts and RMS displacements against pymatgen's StructureMatcher (Debian's python3-pymatgen), all pairs in one call. */
class SiteMatcherOracleTest {
    static final String SCRIPT = String.join("\n",
            "import json, sys",
            "from pymatgen.core import Structure, Lattice",
            "from pymatgen.analysis.structure_matcher import StructureMatcher, FrameworkComparator",
            "pairs = json.load(open(PATH))",
            "def st(d): return Structure(Lattice(d['h']), d['sp'], d['x'], coords_are_cartesian=True)",
            "out = []",
            "for p in pairs:",
            "    o = p['o']",
            "    sm = StructureMatcher(ltol=o['ltol'], stol=o['stol'], angle_tol=o['angle_tol'], primitive_cell=o['primitive_cell'],",
            "        scale=o['scale'], attempt_supercell=o['attempt_supercell'], allow_subset=o['allow_subset'],",
            "        comparator=FrameworkComparator() if o['species'] == 'any' else None)",
            "    a, b = st(p['a']), st(p['b'])",
            "    fit = sm.fit(a, b)",
            "    r = sm.get_rms_dist(a, b)",
            "    out.append([bool(fit), None if r is None else float(r[0]), None if r is None else float(r[1])])",
            "print(json.dumps({'results': out}))");

    @Test
    void verdictsAndRmsAsPymatgen(@TempDir Path tmp) throws Exception {
        List<MatchPairs.Pair> pairs = MatchPairs.all(20261206L);
        assertTrue(pairs.size() >= 200, pairs.size() + " pairs");
        Path json = tmp.resolve("pairs.json");
        Files.writeString(json, toJson(pairs));
        Map<String, Object> out = PythonPeer.run("PATH = '" + json + "'\n" + SCRIPT, 1, 300, List.of("pymatgen.core"));
        Assumptions.assumeFalse(out.containsKey("unavailable"), String.valueOf(out.get("unavailable")));
        @SuppressWarnings("unchecked") List<List<Object>> results = (List<List<Object>>) out.get("results");
        SiteMatcher matcher = new SiteMatcher();
        long t0 = System.nanoTime();
        List<StructureMatch> mine = new ArrayList<>();
        for (MatchPairs.Pair p : pairs) mine.add(matcher.match(p.a(), p.b(), p.options()));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        List<String> wrong = new ArrayList<>();
        int matched = 0, rmsCompared = 0;
        for (int i = 0; i < pairs.size(); i++) {
            MatchPairs.Pair p = pairs.get(i);
            StructureMatch ours = mine.get(i);
            boolean fit = (Boolean) results.get(i).get(0);
            Object rms = results.get(i).get(1);
            if (fit) matched++;
            String line = String.format(Locale.ROOT, "%s: pymatgen %s rms %s, ours %s rms %s", p.label(), fit, rms, ours.match(),
                    ours.best().map(b -> Double.toString(b.rms())).orElse("None"));
            if (fit != ours.match() || (rms == null) != ours.best().isEmpty()) {
                wrong.add(line);
            } else if (rms != null) {
                rmsCompared++;
                if (Math.abs(((Number) rms).doubleValue() - ours.best().get().rms()) > 1e-6) wrong.add(line);
                else if (Math.abs(((Number) results.get(i).get(2)).doubleValue() - ours.best().get().maxDist()) > 1e-6) wrong.add(line + " (max_dist)");
            }
        }
        System.out.println(pairs.size() + " pairs (ours " + String.format(Locale.ROOT, "%.2f", seconds) + " s), " + matched + " matched by pymatgen, " + rmsCompared + " RMS compared; disagreements: "
                + wrong.size() + "\n" + String.join("\n", wrong));
        assertEquals(List.of(), wrong);
        assertTrue(matched > 60 && matched < pairs.size() - 40, matched + " matched: both verdicts must be exercised");
    }

    static String toJson(List<MatchPairs.Pair> pairs) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < pairs.size(); i++) {
            MatchPairs.Pair p = pairs.get(i);
            MatchOptions o = p.options();
            if (i > 0) b.append(",\n");
            b.append("{\"a\":").append(structure(p.a())).append(",\"b\":").append(structure(p.b())).append(",\"o\":{")
                    .append("\"ltol\":").append(o.ltol()).append(",\"stol\":").append(o.stol()).append(",\"angle_tol\":").append(o.angleTol())
                    .append(",\"primitive_cell\":").append(o.primitiveCell()).append(",\"scale\":").append(o.scale())
                    .append(",\"attempt_supercell\":").append(o.attemptSupercell()).append(",\"allow_subset\":").append(o.allowSubset())
                    .append(",\"species\":\"").append(o.species().name().toLowerCase(Locale.ROOT)).append("\"}}");
        }
        return b.append("]").toString();
    }

    private static String structure(Atoms s) {
        double[] h = s.box().h();
        StringBuilder b = new StringBuilder("{\"h\":[");
        for (int r = 0; r < 3; r++) b.append(r > 0 ? "," : "").append('[').append(h[3 * r]).append(',').append(h[3 * r + 1]).append(',').append(h[3 * r + 2]).append(']');
        b.append("],\"sp\":[");
        for (int i = 0; i < s.size(); i++) b.append(i > 0 ? "," : "").append('"').append(s.typeNames().get(s.type(i))).append('"');
        b.append("],\"x\":[");
        for (int i = 0; i < s.size(); i++) b.append(i > 0 ? "," : "").append('[').append(s.x(i, 0)).append(',').append(s.x(i, 1)).append(',').append(s.x(i, 2)).append(']');
        return b.append("]}").toString();
    }
}
