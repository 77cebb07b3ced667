package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Result;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;

/** md.minimize, md.elastic, md.phonons, md.rdf and md.vdos on SW silicon against the LAMMPS/phonopy oracles. */
class PropertyMethodsTest {
    private static final double A0 = 5.430949778405213;   // SW zero-pressure lattice constant (materials.json)
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    private static String[] si(double a, String repeat, String... extra) {
        List<String> l = new java.util.ArrayList<>(List.of("lattice=diamond", "a=" + a, "repeat=" + repeat, "element=Si", "potential=sw",
                "potential_file=" + Oracles.potentialFile("Si.sw")));
        l.addAll(List.of(extra));
        return l.toArray(new String[0]);
    }

    @Test
    void minimizeWithCellFindsTheZeroPressureLatticeConstant(@TempDir Path dir) throws Exception {
        Result r = MethodTestSupport.run(new MinimizeMethod(FixedCatalog.builtin()), dir, si(5.52, "2,2,2", "relax_cell=true", "minimizer=lbfgs", "rattle=0.05",
                "fmax=1e-5", "stress_tol=1e-5"));
        assertEquals(true, r.values().get("converged"), r.values().toString());
        assertEquals(Math.pow(2 * A0, 3), (Double) r.values().get("volume"), 1e-3);
        assertEquals(-4.336599999917263, (Double) r.values().get("energy_per_atom"), 1e-8);
        assertTrue(Files.isRegularFile(dir.resolve("final.POSCAR")) && Files.isRegularFile(dir.resolve("final.extxyz")));
    }

    @SuppressWarnings("unchecked")
    @Test
    void elasticConstantsMatchLammpsFiniteDifferences(@TempDir Path dir) throws Exception {
        Map<String, Object> res = (Map<String, Object>) Oracles.oracleCase("Si_SW_diamond_elastic_constants").get("recommended");
        Map<String, Number> clamped = (Map<String, Number>) res.get("clamped_ion");
        Map<String, Number> relaxed = (Map<String, Number>) res.get("relaxed_ion");
        Result r = MethodTestSupport.run(new ElasticMethod(() -> ad, FixedCatalog.builtin()), dir, si(5.431, "1,1,1"));
        // the oracle's central differences with strain 1e-3 carry O(1e-3) relative error
        assertEquals(relaxed.get("C11_GPa").doubleValue(), (Double) r.values().get("C11"), 0.05);
        assertEquals(relaxed.get("C12_GPa").doubleValue(), (Double) r.values().get("C12"), 0.05);
        assertEquals(relaxed.get("C44_GPa").doubleValue(), (Double) r.values().get("C44"), 0.05);
        assertEquals(clamped.get("C44_GPa").doubleValue(), ((Map<String, Double>) r.values().get("clamped")).get("C44"), 0.05);
        assertEquals(13, Files.readAllLines(dir.resolve("elastic.csv")).size());
        BadInputException big = assertThrows(BadInputException.class, () -> MethodTestSupport.run(new ElasticMethod(() -> ad, FixedCatalog.builtin()), dir, si(5.431, "6,6,6")));
        assertTrue(big.getMessage().contains("'repeat'"), big.getMessage());
    }

    @SuppressWarnings("unchecked")
    @Test
    void phononsAtGammaAndXMatchPhonopy(@TempDir Path dir) throws Exception {
        Map<String, Object> want = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) Oracles.parse("oracles/phonons.json")
                .get("calculations")).get(0)).get("fc_raw");
        Map<String, List<Number>> pts = (Map<String, List<Number>>) want.get("special_points_THz");
        Result r = MethodTestSupport.run(new PhononsMethod(() -> ad, FixedCatalog.builtin()), dir, si(A0, "1,1,1", "supercell=2,2,2", "qpoints=0,0,0;0,0.5,0.5",
                "points_per_segment=4"));
        List<List<Double>> f = (List<List<Double>>) r.values().get("frequencies");
        for (int b = 0; b < 6; b++) {
            assertEquals(pts.get("Gamma").get(b).doubleValue(), f.get(0).get(b), 1e-3, "Gamma band " + b);
            assertEquals(pts.get("X").get(b).doubleValue(), f.get(1).get(b), 1e-3, "X band " + b);
        }
        assertEquals(List.of("Γ", "X", "W", "K", "Γ", "L"), r.values().get("path"));
        assertTrue(Files.size(dir.resolve("band.png")) > 1000);
        assertEquals(1 + 5 * 4 + 1, Files.readAllLines(dir.resolve("band.csv")).size());
        BadInputException bad = assertThrows(BadInputException.class,
                () -> MethodTestSupport.run(new PhononsMethod(() -> ad, FixedCatalog.builtin()), dir, si(A0, "1,1,1", "qpoints=0,0")));
        assertTrue(bad.getMessage().contains("'qpoints'"), bad.getMessage());
    }

    @Test
    void rdfAndVdosOfAnMdRun(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("md");
        MethodTestSupport.run(new RunMethod(FixedCatalog.builtin()), md, si(A0, "2,2,2", "ensemble=nvt-langevin", "temperature=300", "steps=200", "dump_every=2", "tau_t=0.05"));
        Result rdf = MethodTestSupport.run(new RdfMethod(), dir.resolve("rdf"), "trajectory=" + md.resolve("trajectory.extxyz"), "skip=20", "bins=100");
        double peak = (Double) rdf.values().get("first_peak_r");
        assertEquals(A0 * Math.sqrt(3) / 4, peak, 0.1, "nearest-neighbour distance of diamond");
        assertEquals(81, rdf.values().get("frames"));
        Result vdos = MethodTestSupport.run(new VdosMethod(), dir.resolve("vdos"), "trajectory=" + md.resolve("trajectory.extxyz"));
        assertEquals(0.002, (Double) vdos.values().get("frame_dt_ps"), 1e-12);
        for (Path png : List.of(md.resolve("thermo.png"), dir.resolve("rdf/rdf.png"), dir.resolve("vdos/vdos.png"))) {
            assertTrue(Files.size(png) > 2000, png.toString());
        }
        double nu = (Double) vdos.values().get("peak_frequency");
        assertTrue(nu > 3 && nu < 18.5, "SW Si vibrates between the acoustic and the 17.8 THz optical modes: " + nu);
        Result perfect = MethodTestSupport.run(new RdfMethod(), dir.resolve("rdf0"), "lattice=diamond", "a=" + A0, "repeat=2,2,2", "element=Si");
        assertEquals(A0 * Math.sqrt(3) / 4, (Double) perfect.values().get("first_peak_r"), 0.03);
    }
}
