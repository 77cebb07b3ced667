package org.polymorph.it.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * md.run parameters the server tests submit, as a POST /runs body's "params": 108 argon atoms (fcc 3×3×3,
 * a = 5.26 Å, lj/cut with ε = 0.0104 eV, σ = 3.4 Å, cut at 8.5 Å) from 300 K in 1 fs steps, NVE. On this
 * machine's cores that is about 2,000 steps/s cold and 12,000 warm (idle machine), so a run's length is chosen by its steps.
 * JSON numbers and arrays are used where the API turns them into the CLI's text ("repeat": [3,3,3] → "3,3,3").
 */
final class MdParams {
    private MdParams() { }

    /** Argon for {@code steps} steps (thermo every 100, frames every 1000, checkpoint every {@code checkpointEvery}). */
    static Map<String, Object> argon(long steps, long checkpointEvery) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("lattice", "fcc");
        p.put("a", 5.26);
        p.put("element", "Ar");
        p.put("potential", "lj/cut:epsilon=0.0104,sigma=3.4,cutoff=8.5");
        p.put("repeat", new int[] {3, 3, 3});
        p.put("steps", steps);
        p.put("seed", 11);
        p.put("thermo_every", 100);
        p.put("dump_every", 1000);
        p.put("checkpoint_every", checkpointEvery);
        return p;
    }

    /** A run of a few dozen ms: 20 steps, "repeat" given as the CLI's text. */
    static Map<String, Object> tiny() {
        Map<String, Object> p = argon(20, 20);
        p.put("repeat", "3,3,3");
        return p;
    }
}
