package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.Result;
import org.polymorph.materials.TestServices;

/** bench.rigid's gradient section at toy size: it times the plain, loss, adjoint and tape runs, and the two gradients agree. */
class BenchRigidGradientTest {
    @Test
    void toySize(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(new BenchRigidMethod(TestServices::ad), dir, "section=gradient", "gradient_bodies_per_axis=2", "gradient_steps=20");
        System.out.println(r.summary());
        Map<?, ?> g = (Map<?, ?>) r.values().get("gradient");
        assertEquals(8, g.get("bodies"));
        assertEquals(40, g.get("points"));
        for (String k : new String[] {"plain_seconds", "forward_seconds", "gradient_seconds", "tape_forward_seconds", "tape_gradient_seconds"}) {
            assertTrue((Double) g.get(k) > 0, k + " " + g);
        }
        assertTrue((Double) g.get("gradient_agreement") < 1e-10, g.toString());
        assertTrue(r.values().get("polymorph") == null, "section=gradient runs the gradient case alone");
    }
}
