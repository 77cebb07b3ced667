package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.Result;

/** bench.rigid at toy size: it runs, holds the temperature near its start, and (with lmp) times LAMMPS's fix rigid/nvt on the same bodies. */
class BenchRigidMethodTest {
    @Test
    @EnabledIfSystemProperty(named = "bench.rigid", matches = "full")
    void fullSize(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(new BenchRigidMethod(org.polymorph.materials.TestServices::ad), dir, System.getProperty("bench.args", "repeats=3").split(" "));
        System.out.println(r.summary());
        System.out.println(r.values());
    }

    @Test
    void toySize(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(new BenchRigidMethod(org.polymorph.materials.TestServices::ad), dir, "bodies_per_axis=3", "steps=20", "warmup=0", "repeats=1");
        assertEquals(27, r.values().get("bodies"));
        Map<?, ?> ours = (Map<?, ?>) r.values().get("polymorph");
        assertTrue((Double) ours.get("body_steps_per_second") > 0);
        // thermal momenta drawn at T* = 1 over 3·27 − 3 translational and 3·27 rotational degrees of freedom
        assertEquals(1.0, (Double) ours.get("temperature_start"), 0.3);
        assertTrue(Math.abs((Double) ours.get("conserved_energy_drift_per_body")) < 0.05, ours.toString());
        if (LammpsPeer.find() != null) {
            Map<?, ?> lmp = (Map<?, ?>) r.values().get("lammps");
            assertEquals(20L, lmp.get("steps"), lmp.toString());
            assertEquals(135L, lmp.get("atoms"), lmp.toString());
            assertTrue((Double) r.values().get("ratio") > 0);
        }
    }
}
