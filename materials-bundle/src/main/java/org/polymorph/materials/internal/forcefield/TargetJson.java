package org.polymorph.materials.internal.forcefield;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.core.distributed.WorkValues;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.work.ShippedFiles;

/**
 * ff.fit's targets as the JSON values of a work item, whole: every field of each {@link Target} record (doubles read
 * back exactly), an MD target's curve as its points and its reference potential's file by content
 * ({@link ShippedFiles}), so the targets rebuilt on another member are equal to these.
 */
final class TargetJson {
    private TargetJson() { }

    /** {@code targets} as a JSON list. */
    static List<Object> write(List<Target> targets) {
        List<Object> out = new ArrayList<>();
        for (Target t : targets) out.add(write(t));
        return out;
    }

    private static Map<String, Object> write(Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", t.kind());
        m.put("structure", t.structure());
        m.put("a", t.latticeConstant());
        m.put("weight", t.weight());
        if (t instanceof Target.ElasticConstants e) {
            m.put("c", List.of(e.c11(), e.c12(), e.c44()));
        } else if (t instanceof Target.CohesiveEnergy c) {
            m.put("energy", c.energyPerAtom());
        } else if (t instanceof Target.PhononFrequencies p) {
            m.put("q", p.q());
            m.put("bands", p.bands());
            m.put("thz", p.thz());
            m.put("supercell", p.supercell());
        } else if (t instanceof Target.Vdos v) {
            md(m, v.md(), v.source());
            m.put("width", v.widthThz());
            m.put("max", v.maxThz());
        } else if (t instanceof Target.Rdf r) {
            md(m, r.md(), r.source());
            m.put("width", r.widthA());
            m.put("max", r.rMax());
            m.put("every", r.every());
        }
        return m;
    }

    private static void md(Map<String, Object> m, Target.Md md, Target.Source s) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("cells", md.cells());
        run.put("temperature", md.temperature());
        run.put("timestep_fs", md.timestepFs());
        run.put("equilibration", md.equilibrationSteps());
        run.put("steps", md.steps());
        run.put("seed", md.seed());
        m.put("md", run);
        if (s.referenceStyle() != null) {
            m.put("reference_style", s.referenceStyle());
            m.put("reference_file", ShippedFiles.of(s.referenceFile()));
        } else {
            m.put("x", s.x());
            m.put("y", s.y());
        }
    }

    /**
     * The targets of {@link #write}'s list (item parameter {@code param}); reference files are written under {@code scratch}.
     *
     * @throws BadInputException naming the parameter (e.g. {@code targets[1].thz}) of a bad value
     */
    static List<Target> read(Object list, String param, Path scratch) {
        if (!(list instanceof List<?> l)) throw BadInputException.forParam(param, list, "not a list of targets", "give a JSON array");
        List<Target> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            String at = param + "[" + i + "]";
            if (!(l.get(i) instanceof Map<?, ?> o)) throw BadInputException.forParam(at, l.get(i), "not a target object", "give {\"kind\": ..., ...}");
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) o;
            try {
                out.add(read(m, at, scratch));
            } catch (BadInputException e) {
                throw e.getMessage().contains("'" + at) ? e : BadInputException.forParam(at, m.get("kind"), e.getMessage(), "give the target as ff.fit wrote it");
            } catch (IllegalArgumentException e) {
                throw BadInputException.forParam(at, m.get("kind"), e.getMessage(), "give a valid target");
            }
        }
        return out;
    }

    private static Target read(Map<String, Object> m, String at, Path scratch) {
        Map<String, Object> named = WorkValues.within(m, at);
        String s = WorkValues.text(named, at + ".structure");
        double a = WorkValues.real(named, at + ".a");
        double w = WorkValues.real(named, at + ".weight");
        String kind = WorkValues.text(named, at + ".kind");
        return switch (kind) {
            case "elastic" -> {
                double[] c = WorkValues.reals(named, at + ".c");
                if (c.length != 3) throw BadInputException.forParam(at + ".c", m.get("c"), "not three constants", "give [C11, C12, C44] in GPa");
                yield new Target.ElasticConstants(c[0], c[1], c[2], s, a, w);
            }
            case "pressure" -> new Target.ZeroPressure(s, a, w);
            case "cohesive" -> new Target.CohesiveEnergy(WorkValues.real(named, at + ".energy"), s, a, w);
            case "phonons" -> {
                List<Object> q = WorkValues.list(named, at + ".q");
                List<Object> thz = WorkValues.list(named, at + ".thz");
                List<Object> bands = WorkValues.list(named, at + ".bands");
                double[][] qs = new double[q.size()][];
                double[][] ts = new double[thz.size()][];
                int[][][] bs = new int[bands.size()][][];
                for (int k = 0; k < qs.length; k++) qs[k] = WorkValues.reals(q.get(k), at + ".q[" + k + "]");
                for (int k = 0; k < ts.length; k++) ts[k] = WorkValues.reals(thz.get(k), at + ".thz[" + k + "]");
                for (int k = 0; k < bs.length; k++) {
                    if (!(bands.get(k) instanceof List<?> groups)) throw BadInputException.forParam(at + ".bands[" + k + "]", bands.get(k), "not a list of band groups", "give [[0,1],[2]]");
                    bs[k] = new int[groups.size()][];
                    for (int g = 0; g < groups.size(); g++) {
                        double[] d = WorkValues.reals(groups.get(g), at + ".bands[" + k + "][" + g + "]");
                        bs[k][g] = new int[d.length];
                        for (int b = 0; b < d.length; b++) bs[k][g][b] = (int) d[b];
                    }
                }
                yield new Target.PhononFrequencies(qs, bs, ts, (int) WorkValues.integer(named, at + ".supercell", 2, 64), s, a, w);
            }
            case "vdos" -> new Target.Vdos(md(named, at), source(named, at, scratch), WorkValues.real(named, at + ".width"), WorkValues.real(named, at + ".max"), s, a, w);
            case "rdf" -> new Target.Rdf(md(named, at), source(named, at, scratch), WorkValues.real(named, at + ".width"), WorkValues.real(named, at + ".max"),
                    (int) WorkValues.integer(named, at + ".every", 1, Integer.MAX_VALUE), s, a, w);
            default -> throw BadInputException.forParam(at + ".kind", kind, "not a target kind", "use elastic, pressure, cohesive, phonons, vdos or rdf");
        };
    }

    private static Target.Md md(Map<String, Object> named, String at) {
        Map<String, Object> run = WorkValues.within(WorkValues.map(named, at + ".md"), at + ".md");
        String p = at + ".md.";
        return new Target.Md((int) WorkValues.integer(run, p + "cells", 1, 12), WorkValues.real(run, p + "temperature"), WorkValues.real(run, p + "timestep_fs"),
                (int) WorkValues.integer(run, p + "equilibration", 0, Integer.MAX_VALUE), (int) WorkValues.integer(run, p + "steps", 4, Integer.MAX_VALUE),
                WorkValues.integer(run, p + "seed", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static Target.Source source(Map<String, Object> named, String at, Path scratch) {
        if (named.containsKey(at + ".reference_style")) {
            Path file = ShippedFiles.materialize(named.get(at + ".reference_file"), scratch, at + ".reference_file");
            return new Target.Source(null, null, WorkValues.text(named, at + ".reference_style"), file);
        }
        return new Target.Source(WorkValues.reals(named, at + ".x"), WorkValues.reals(named, at + ".y"), null, null);
    }
}
