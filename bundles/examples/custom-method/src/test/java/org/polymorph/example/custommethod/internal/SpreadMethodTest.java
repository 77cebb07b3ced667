package org.polymorph.example.custommethod.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.distributed.WorkItem;
import org.polymorph.core.distributed.WorkKind;
import org.polymorph.core.internal.distributed.LocalDistributed;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.Progress;
import org.polymorph.core.method.Result;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.service.ServiceCatalog;

class SpreadMethodTest {
    @TempDir
    Path tmp;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final SpreadMethod method = new SpreadMethod(new LocalDistributed(
            ServiceCatalog.of("work kind", Map.of(BallVolumeKind.NAME, new BallVolumeKind())), pool, 2));

    @AfterEach
    void stop() { pool.shutdownNow(); }

    private Result run(Map<String, String> raw) throws Exception {
        return method.run(Params.parse(SpreadMethod.ID, method.params(), raw), Progress.NONE, RunDirectory.create(tmp));
    }

    @Test
    void exactVolumesOfTheUnitBall() {
        assertEquals(2.0, SpreadMethod.exactVolume(1), 0.0);
        assertEquals(Math.PI, SpreadMethod.exactVolume(2), 1e-15);
        assertEquals(4 * Math.PI / 3, SpreadMethod.exactVolume(3), 1e-15);
        assertEquals(Math.PI * Math.PI / 2, SpreadMethod.exactVolume(4), 1e-15);
        assertEquals(8 * Math.PI * Math.PI / 15, SpreadMethod.exactVolume(5), 1e-15);
    }

    @Test
    void theMeanEstimateIsWithinFourStandardErrorsAndRepeatsBitForBit() throws Exception {
        Map<String, String> p = Map.of("items", "6", "samples", "50000", "dim", "3", "seed", "11");
        Result a = run(p);
        double v = (Double) a.values().get("volume");
        // each point is inside with probability q = V/8; the mean of 6 x 50000 points has standard error 8 sqrt(q(1-q)/300000)
        double q = SpreadMethod.exactVolume(3) / 8;
        double se = 8 * Math.sqrt(q * (1 - q) / 300_000);
        assertTrue(Math.abs(v - SpreadMethod.exactVolume(3)) < 4 * se, "volume " + v + ", standard error " + se);
        assertEquals(List.of("local", "local", "local", "local", "local", "local"), a.values().get("ran_on"));
        Result b = run(p);
        assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits((Double) b.values().get("volume")));
        assertEquals(a.values().get("volumes"), b.values().get("volumes"));
    }

    @Test
    void anItemIsItsSeedsCount() {
        Map<String, Object> r = new BallVolumeKind().run(new WorkItem("x", BallVolumeKind.NAME, Map.of("samples", 1000, "dim", 2,
                "pause_ms", 0), 5), Progress.NONE);
        Map<String, Object> again = WorkKind.runCanonical(new BallVolumeKind(), new WorkItem("y", BallVolumeKind.NAME,
                Map.of("samples", 1000, "dim", 2, "pause_ms", 0), 5), Progress.NONE);
        assertEquals(r.get("inside"), again.get("inside"));
        assertEquals(4.0 * ((Number) r.get("inside")).longValue() / 1000, (Double) again.get("volume"), 0.0);
    }

    @Test
    void aBadItemParameterIsBadInputNamingIt() {
        BadInputException e = assertThrows(BadInputException.class, () -> new BallVolumeKind().run(
                new WorkItem("x", BallVolumeKind.NAME, Map.of("samples", 1.5, "dim", 2, "pause_ms", 0), 5), Progress.NONE));
        assertTrue(e.getMessage().contains("samples"), e.getMessage());
    }
}
