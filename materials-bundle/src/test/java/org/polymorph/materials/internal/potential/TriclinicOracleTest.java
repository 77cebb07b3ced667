package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/** Our own LAMMPS oracles in sheared cells (oracles/extra/triclinic.json, made by make_triclinic.py beside it). */
class TriclinicOracleTest {
    private static Potential potential(String name) {
        switch (name) {
            case "Si_SW_diamond_2x2x2_triclinic": return StillingerWeber.read(Oracles.potentialFile("Si.sw"), List.of("Si"));
            case "Si_Tersoff_diamond_2x2x2_triclinic": return Tersoff.read(Oracles.potentialFile("Si.tersoff"), List.of("Si"));
            case "Cu_u3_eam_fcc_3x3x3_triclinic": return Eam.funcfl(Oracles.potentialFile("Cu_u3.eam"));
            case "Cu_morse_fcc_3x3x3_triclinic": return new Morse(0.3429, 1.3588, 2.866, 6.0, false);
            default: throw new IllegalArgumentException(name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Si_SW_diamond_2x2x2_triclinic", "Si_Tersoff_diamond_2x2x2_triclinic",
        "Cu_u3_eam_fcc_3x3x3_triclinic", "Cu_morse_fcc_3x3x3_triclinic"})
    @SuppressWarnings("unchecked")
    void energyForcesAndVirialEqualLammps(String name) {
        Map<String, Object> c = (Map<String, Object>) Oracles.parse("oracles/extra/triclinic.json").get(name);
        Map<String, Number> b = (Map<String, Number>) c.get("box");
        double[] h = {b.get("lx").doubleValue(), 0, 0, b.get("xy").doubleValue(), b.get("ly").doubleValue(), 0,
            b.get("xz").doubleValue(), b.get("yz").doubleValue(), b.get("lz").doubleValue()};
        List<List<Number>> pos = (List<List<Number>>) c.get("positions");
        double[] r = new double[3 * pos.size()];
        for (int i = 0; i < pos.size(); i++) for (int k = 0; k < 3; k++) r[3 * i + k] = pos.get(i).get(k).doubleValue();
        String element = name.startsWith("Si") ? "Si" : "Cu";
        Atoms atoms = Atoms.of(r, element, ((Number) c.get("mass")).doubleValue(), Box.periodic(h));
        Potential p = potential(name);
        Evaluation ev = p.compute(atoms, new NeighborListBuilder(p.cutoff(), 0.3, !p.needsFullList()).build(atoms));
        Map<String, Object> res = (Map<String, Object>) c.get("results");
        double e = ((Number) res.get("energy")).doubleValue();
        assertEquals(e, ev.energy(), 1e-10 * Math.abs(e), name + " energy");
        List<List<Number>> f = (List<List<Number>>) res.get("forces");
        double[] got = ev.forces();
        for (int i = 0; i < f.size(); i++) {
            for (int k = 0; k < 3; k++) assertEquals(f.get(i).get(k).doubleValue(), got[3 * i + k], 1e-9, name + " force " + i + "," + k);
        }
        List<Number> w = (List<Number>) res.get("virial_eV_xx_yy_zz_xy_xz_yz");
        double scale = 0;
        for (Number v : w) scale = Math.max(scale, Math.abs(v.doubleValue()));
        for (int k = 0; k < 6; k++) assertEquals(w.get(k).doubleValue(), ev.virial()[k], 1e-8 * scale, name + " virial " + k);
    }
}
