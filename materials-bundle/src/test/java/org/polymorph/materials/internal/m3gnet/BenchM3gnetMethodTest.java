package org.polymorph.materials.internal.m3gnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polymorph.core.method.BadInputException;
import org.polymorph.materials.structure.Atoms;

/**
 * bench.m3gnet's amorphous Si: the density asked for, no periodic pair closer than the minimum, reproducible; its
 * timing records the graph's size and the one thread's CPU seconds, which cannot exceed the wall time.
 */
class BenchM3gnetMethodTest {
    @Test
    void amorphousSiliconHasTheDensityAndNoClosePairs() {
        Atoms a = BenchM3gnetMethod.amorphous(64, 0.0468, 2.0, 1);
        assertEquals(64, a.size());
        assertEquals(0.0468, a.size() / a.box().volume(), 1e-12);
        double l = a.box().h()[0];
        double min = Double.MAX_VALUE;
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < i; j++) {
                double d2 = 0;
                for (int k = 0; k < 3; k++) {
                    double d = a.x(i, k) - a.x(j, k);
                    d -= l * Math.rint(d / l);
                    d2 += d * d;
                }
                min = Math.min(min, Math.sqrt(d2));
            }
        }
        assertTrue(min >= 2.0 && min < 2.6, "closest pair " + min);
        assertEquals(a, BenchM3gnetMethod.amorphous(64, 0.0468, 2.0, 1));
        assertThrows(BadInputException.class, () -> BenchM3gnetMethod.amorphous(64, 0.1, 3.0, 1));
    }

    @Test
    void timingRecordsGraphSizeAndCpuSeconds() throws java.io.IOException {
        M3gnetModel model = M3gnetModel.read(M3gnetTest.MP);
        M3gnet pot = new M3gnet(model, java.util.List.of("Si"), M3gnet.Indexing.MATGL, org.polymorph.core.tensor.DType.FLOAT64, null, 1);
        java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
        double wall = BenchM3gnetMethod.time(pot, BenchM3gnetMethod.amorphous(64, 0.0468, 2.0, 1), 3, row);
        assertEquals(1516, row.get("bonds"));
        assertEquals(8252, row.get("triples"));
        double cpu = (Double) row.get("cpu_seconds");
        assertTrue(cpu > 0 && cpu <= wall * 1.01 + 1e-3, "cpu " + cpu + " s, wall " + wall + " s");
        assertTrue((Double) row.get("energy_per_atom") < -4, "energy per atom " + row.get("energy_per_atom"));
    }

    /** The mixed-precision run reports its difference from float64: nonzero, within float32's reach. */
    @Test
    void mixedPrecisionReportsItsDifferenceFromFloat64() throws java.io.IOException {
        M3gnetModel model = M3gnetModel.read(M3gnetTest.MP);
        java.util.List<String> si = java.util.List.of("Si");
        M3gnet mixed = new M3gnet(model, si, M3gnet.Indexing.MATGL, M3gnet.Precision.MIXED, null, 1);
        M3gnet full = new M3gnet(model, si, M3gnet.Indexing.MATGL, M3gnet.Precision.FLOAT64, null, 1);
        java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
        BenchM3gnetMethod.difference(mixed, full, BenchM3gnetMethod.amorphous(64, 0.0468, 2.0, 1), row);
        double de = (Double) row.get("energy_difference_per_atom_vs_float64");
        double df = (Double) row.get("max_force_difference_vs_float64");
        assertTrue(de > 0 && de < 1e-5, "energy difference " + de);
        assertTrue(df > 0 && df < 1e-4, "force difference " + df);
    }
}
