package org.polymorph.example.custommethod.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;

class RosenbrockMethodTest {
    @TempDir
    Path tmp;

    private final RosenbrockMethod method = new RosenbrockMethod();

    private Result run(Map<String, String> raw) throws Exception {
        Params p = Params.parse(RosenbrockMethod.ID, method.params(), raw);
        return method.run(p, Progress.NONE, RunDirectory.create(tmp));
    }

    @Test
    void valueIsZeroOnlyAtTheMinimumAndKnownAtTheStart() {
        assertEquals(0.0, Rosenbrock.value(new double[] {1, 1, 1, 1}), 0.0);
        // 2-D start (-1.2, 1): 100 (1 - 1.44)^2 + (2.2)^2 = 19.36 + 4.84 = 24.2
        assertEquals(24.2, Rosenbrock.value(Rosenbrock.start(2)), 1e-12);
    }

    @Test
    void gradientMatchesCentralDifferences() {
        double[] x = {-1.2, 1.0, 0.3, -0.7, 2.1};
        double[] g = new double[x.length];
        Rosenbrock.valueAndGradient(x, g);
        double h = 1e-6;
        for (int i = 0; i < x.length; i++) {
            double[] p = x.clone();
            double[] m = x.clone();
            p[i] += h;
            m[i] -= h;
            double fd = (Rosenbrock.value(p) - Rosenbrock.value(m)) / (2 * h);
            assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), "component " + i);
        }
    }

    @Test
    void descentConvergesTowardsOnesAndWritesTrajectory() throws Exception {
        Result r = run(Map.of("steps", "200000", "lr", "0.0015"));
        double f = ((Number) r.values().get("f_final")).doubleValue();
        assertTrue(f < 1e-6, "f_final = " + f);
        assertTrue(((Number) r.values().get("distance_to_minimum")).doubleValue() < 1e-2);
        List<String> lines = Files.readAllLines(tmp.resolve("trajectory.csv"));
        assertEquals("step,f,grad_norm", lines.get(0));
        assertTrue(lines.size() > 10, "trajectory rows: " + lines.size());
        assertEquals(2, r.summary().size());
    }

    @Test
    void fIsMonotoneForAStableStep() throws Exception {
        run(Map.of("dim", "6", "steps", "2000"));
        List<String> lines = Files.readAllLines(tmp.resolve("trajectory.csv"));
        double prev = Double.MAX_VALUE;
        for (String line : lines.subList(1, lines.size())) {
            double f = Double.parseDouble(line.split(",")[1]);
            assertTrue(f <= prev, "f increased: " + line);
            prev = f;
        }
    }

    @Test
    void tooLargeStepDivergesAndIsReportedAsFailure() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> run(Map.of("lr", "0.05")));
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        assertTrue(e.getMessage().contains("smaller lr"), e.getMessage());
    }

    @Test
    void rangesAreValidated() {
        assertThrows(BadInputException.class, () -> run(Map.of("dim", "1")));
        assertThrows(BadInputException.class, () -> run(Map.of("lr", "0")));
        assertThrows(BadInputException.class, () -> run(Map.of("steps", "many")));
    }
}
