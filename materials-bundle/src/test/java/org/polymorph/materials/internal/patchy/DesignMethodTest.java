package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.TestServices;

class DesignMethodTest {
    private final DesignMethod method = new DesignMethod(() -> new AutodiffEngines().create(new ReferenceTensorService()), TestServices.OPTIMIZERS);

    private Result run(Path dir, Map<String, String> raw) throws Exception {
        return method.run(Params.parse(method.id(), method.params(), raw), Progress.NONE, RunDirectory.create(dir));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shortSquareDesignWritesHistoriesAndComparesSearches(@TempDir Path dir) throws Exception {
        Result r = run(dir, Map.of("target", "ring4", "steps", "3", "lr", "0.1"));
        double before = (Double) r.values().get("yield_before"), after = (Double) r.values().get("yield_after");
        assertTrue(after > before, before + " -> " + after);
        Map<String, Map<String, Object>> per = (Map<String, Map<String, Object>>) r.values().get("searches");
        assertEquals(List.of("gradient", "random", "grid"), List.copyOf(per.keySet()));
        int budget = (Integer) per.get("gradient").get("evaluations");
        assertTrue(budget >= 4, per.toString());
        assertEquals(budget, per.get("random").get("evaluations"));
        assertTrue((Integer) per.get("grid").get("evaluations") <= budget);
        List<String> lines = Files.readAllLines(dir.resolve("history_gradient.csv"));
        assertEquals("evaluation,yield,best_yield,failed,opening_deg,eps,alpha", lines.get(0));
        assertEquals(budget + 1, lines.size());
        assertTrue(Files.size(dir.resolve("yield_vs_evaluation.png")) > 1000);
        double best = (Double) r.values().get("best_yield_all_searches");
        for (Map<String, Object> s : per.values()) assertTrue((Double) s.get("best_yield") <= best);
    }

    @Test
    @SuppressWarnings("unchecked")
    void searchesTakeTheirOwnBudget(@TempDir Path dir) throws Exception {
        Result r = run(dir, Map.of("target", "ring6", "steps", "1", "search_evaluations", "9", "seed", "3"));
        Map<String, Map<String, Object>> per = (Map<String, Map<String, Object>>) r.values().get("searches");
        assertEquals(2, per.get("gradient").get("evaluations"));
        assertEquals(9, per.get("random").get("evaluations"));
        assertEquals(8, per.get("grid").get("evaluations"));
        assertEquals(10, Files.readAllLines(dir.resolve("history_random.csv")).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void octahedronStepWithoutComparison(@TempDir Path dir) throws Exception {
        Result r = run(dir, Map.of("target", "octahedron", "steps", "1", "compare", "false", "polar", "40", "eps", "8"));
        Map<String, Map<String, Object>> per = (Map<String, Map<String, Object>>) r.values().get("searches");
        assertEquals(List.of("gradient"), List.copyOf(per.keySet()));
        assertEquals(List.of("polar_deg", "eps", "alpha"), r.values().get("parameters"));
        assertTrue((Double) r.values().get("yield_after") >= (Double) r.values().get("yield_before"));
        assertTrue(Files.exists(dir.resolve("history_gradient.csv")) && !Files.exists(dir.resolve("history_random.csv")));
    }

    @Test
    void startOutsideItsBoundsNamesTheParameter(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> run(dir, Map.of("opening", "30")));
        assertTrue(e.getMessage().contains("'opening' = '30.0'") && e.getMessage().contains("start between opening_min and opening_max"),
                e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(dir, Map.of("eps_min", "9", "eps_max", "8", "eps", "8")));
        assertTrue(e.getMessage().contains("eps_min"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> run(dir, Map.of("competitors", "3,5")));
        assertTrue(e.getMessage().contains("competitors") && e.getMessage().contains("add 4"), e.getMessage());
    }
}
