package org.polymorph.materials.internal.forcefield;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.materials.forcefield.FitResult;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.core.report.Plot;

/**
 * ff.fit's outputs for MD-based targets: {@code vdos.png} / {@code rdf.png} (start, fitted and target
 * curves overlaid), {@code vdos.csv} / {@code rdf.csv} (grid, start, fitted, target) and, per target,
 * the L2 distance before and after for result.json.
 */
final class MdReport {
    private MdReport() { }

    /** Writes the files of the MD targets of {@code targets}; returns {kind → {l2_before, l2_after, ratio}} and adds the file names to {@code files}. */
    static Map<String, Object> write(RunDirectory dir, Objective f, List<Target> targets, FitResult r, List<String> files) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            Target tg = targets.get(t);
            if (!MdTargets.handles(tg)) continue;
            double[][] before = f.mdCurves(tg, f.scaled(r.start()));
            double[][] after = f.mdCurves(tg, f.scaled(r.fitted()));
            boolean vdos = tg instanceof Target.Vdos;
            String name = out.containsKey(tg.kind()) ? tg.kind() + "_" + t : tg.kind();
            double l2b = r.reports().get(t).before()[0];
            double l2a = r.reports().get(t).after()[0];
            String title = String.format(Locale.ROOT, "%s: L2 to target %.4g (start) → %.4g (fitted) %s", vdos ? "vibrational density of states" : "radial distribution function",
                    l2b, l2a, vdos ? "THz^−½" : "Å^½");
            Plot.Panel panel = new Plot.Panel(title, vdos ? "frequency (THz)" : "r (Å)", vdos ? "density (1/THz, unit area)" : "g(r)")
                    .add("start", before[0], before[1]).add("fitted", after[0], after[1]).add("target", before[0], before[2]);
            dir.writeBytes(name + ".png", Plot.png(List.of(panel)));
            StringBuilder csv = new StringBuilder(vdos ? "frequency_THz,start,fitted,target\n" : "r_A,start,fitted,target\n");
            for (int k = 0; k < before[0].length; k++) {
                csv.append(String.format(Locale.ROOT, "%.6g,%.9g,%.9g,%.9g%n", before[0][k], before[1][k], after[1][k], before[2][k]));
            }
            dir.writeString(name + ".csv", csv.toString());
            files.add(name + ".png");
            files.add(name + ".csv");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("l2_before", l2b);
            m.put("l2_after", l2a);
            m.put("ratio", l2a / l2b);
            m.put("unit", vdos ? "THz^-1/2" : "Å^1/2");
            out.put(name, m);
        }
        return out;
    }

    /** Whether any target is MD-based. */
    static boolean any(List<Target> targets) {
        return new ArrayList<>(targets).stream().anyMatch(MdTargets::handles);
    }
}
