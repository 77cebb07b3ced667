package org.polymorph.analysis.internal.deq;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.polymorph.analysis.deq.FixedPointSolver;
import org.polymorph.analysis.deq.InitFamily;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;

/** The validated, typed parameters of deq.init_study. */
record StudySettings(String dataset, List<InitFamily> families, List<Double> sigmas, int seeds, int seed, int steps, int batch,
                     int width, double inputScale, int trainExamples, int testExamples, String optimizer, double lr,
                     FixedPointSolver solver, boolean resume) {
    static StudySettings of(Params p) {
        String fam = p.getString("families");
        LinkedHashSet<InitFamily> families = new LinkedHashSet<>();
        for (String part : fam.split(",")) {
            if (part.isBlank()) continue;
            try {
                families.add(InitFamily.of(part));
            } catch (IllegalArgumentException e) {
                throw BadInputException.forParam("families", fam, "names the unknown family '" + part.trim() + "'",
                        "use a comma-separated subset of " + String.join(", ", InitFamily.ids()));
            }
        }
        if (families.isEmpty()) {
            throw BadInputException.forParam("families", fam, "names no family", "use a comma-separated subset of " + String.join(", ", InitFamily.ids()));
        }
        List<Double> sigmas = List.copyOf(new LinkedHashSet<>(p.getDoubleList("sigmas")));
        if (sigmas.isEmpty()) throw BadInputException.forParam("sigmas", "", "is empty", "give at least one scale, e.g. sigmas=0.5,1,2");
        String dataset = p.getString("dataset").trim();
        if (dataset.isEmpty()) throw BadInputException.forParam("dataset", dataset, "is empty", "use e.g. dataset=fashion-mnist");
        FixedPointSolver solver = new FixedPointSolver(FixedPointSolver.Method.valueOf(p.getString("solver").toUpperCase(Locale.ROOT)),
                p.getDouble("tol"), p.getInt("max_iter"), p.getString("solver").equals("anderson") ? 5 : 30, 1.0);
        return new StudySettings(dataset, List.copyOf(families), sigmas, p.getInt("seeds"), p.getInt("seed"), p.getInt("steps"),
                p.getInt("batch"), p.getInt("width"), p.getDouble("input_scale"), p.getInt("train_examples"), p.getInt("test_examples"),
                p.getString("optimizer"), p.getDouble("lr"), solver, p.getBoolean("resume"));
    }
}
