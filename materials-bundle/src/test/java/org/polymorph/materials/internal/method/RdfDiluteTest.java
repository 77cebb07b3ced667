package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.Result;

/** md.rdf of a structure whose atoms are all farther apart than r_max: g(r) = 0, so there is no first peak. */
class RdfDiluteTest {
    @Test
    void aDiluteStructureHasNoFirstPeakKeyAndSucceeds(@TempDir Path dir) throws Exception {
        // two argon atoms 17.3 Å apart (minimum image) in a 20 Å cube: r_max = 0.499 × 20 = 9.98 Å
        Path gas = Files.writeString(dir.resolve("gas.extxyz"), "2\n"
                + "Lattice=\"20 0 0 0 20 0 0 0 20\" Properties=species:S:1:pos:R:3 pbc=\"T T T\"\n"
                + "Ar 0 0 0\nAr 10 10 10\n");
        Result r = MethodTestSupport.run(new RdfMethod(), dir.resolve("rdf"), "structure=" + gas, "bins=50");
        assertFalse(r.values().containsKey("first_peak_r"), r.values().toString());
        assertFalse(r.values().containsKey("first_peak_g"), r.values().toString());
        assertEquals(0.0, (Double) r.values().get("max_peak_g"));
        assertTrue(r.summary().get(0).contains("no first peak"), r.summary().toString());
        assertTrue(Files.isRegularFile(dir.resolve("rdf/rdf.csv")));
    }
}
