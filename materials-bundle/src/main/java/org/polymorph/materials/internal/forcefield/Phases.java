package org.polymorph.materials.internal.forcefield;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * Energy per atom of the crystal structures at their relaxed volumes, with the fused kernels: a
 * 1-D minimisation of E/N over the volume per atom V (Å³) for each structure: a scan of 10–30 Å³
 * in 0.25 Å³ steps, then golden-section search in the best bracket to 1e-9 Å³. β-Sn keeps c/a at
 * {@link Structures#BETA_SN_C_OVER_A}. Cells are repeated until every side exceeds twice the list radius.
 */
public final class Phases {
    public static final List<String> STRUCTURES = List.of("diamond", "beta-Sn", "sc", "bcc", "fcc");

    /** One structure at its minimum: lattice constant a (Å), volume and energy per atom. */
    public record Minimum(String structure, double latticeConstant, double volumePerAtom, double energyPerAtom) { }

    private Phases() { }

    /** Every structure of {@link #STRUCTURES} at its minimum, in that order. */
    public static Map<String, Minimum> relaxAll(Potential p, String element, double mass) {
        Map<String, Minimum> out = new LinkedHashMap<>();
        for (String s : STRUCTURES) out.put(s, relax(p, s, element, mass));
        return out;
    }

    /** The minimum of E/N over the volume per atom for one structure. */
    public static Minimum relax(Potential p, String structure, String element, double mass) {
        DoubleUnaryOperator e = v -> energyPerAtom(p, structure, latticeConstant(structure, v), element, mass);
        double best = Double.POSITIVE_INFINITY;
        double vb = 0;
        double step = 0.25;
        for (double v = 10; v <= 30 + 1e-9; v += step) {
            double x = e.applyAsDouble(v);
            if (x < best) {
                best = x;
                vb = v;
            }
        }
        double lo = vb - step;
        double hi = vb + step;
        double g = (Math.sqrt(5) - 1) / 2;
        double c = hi - g * (hi - lo);
        double d = lo + g * (hi - lo);
        double fc = e.applyAsDouble(c);
        double fd = e.applyAsDouble(d);
        while (hi - lo > 1e-9) {
            if (fc < fd) {
                hi = d;
                d = c;
                fd = fc;
                c = hi - g * (hi - lo);
                fc = e.applyAsDouble(c);
            } else {
                lo = c;
                c = d;
                fc = fd;
                d = lo + g * (hi - lo);
                fd = e.applyAsDouble(d);
            }
        }
        double v = (lo + hi) / 2;
        return new Minimum(structure, latticeConstant(structure, v), v, e.applyAsDouble(v));
    }

    /** The conventional lattice constant a (Å) of a volume per atom. */
    public static double latticeConstant(String structure, double v) {
        return switch (structure) {
            case "diamond" -> Math.cbrt(8 * v);
            case "fcc" -> Math.cbrt(4 * v);
            case "bcc" -> Math.cbrt(2 * v);
            case "sc" -> Math.cbrt(v);
            case "beta-Sn" -> Math.cbrt(4 * v / Structures.BETA_SN_C_OVER_A);
            default -> throw new IllegalArgumentException("structure '" + structure + "'; use one of " + STRUCTURES);
        };
    }

    /** E/N (eV) of the structure at conventional lattice constant a. */
    public static double energyPerAtom(Potential p, String structure, double a, String element, double mass) {
        double need = 2 * (p.cutoff() + 1e-6);
        Atoms atoms;
        if (structure.equals("beta-Sn")) {
            atoms = Structures.betaSn(a, Structures.BETA_SN_C_OVER_A, (int) Math.ceil(need / a), (int) Math.ceil(need / (a * Structures.BETA_SN_C_OVER_A)), element, mass);
        } else {
            atoms = Structures.cubic(structure, a, (int) Math.ceil(need / a), element, mass);
        }
        return p.compute(atoms, new NeighborListBuilder(p.cutoff(), 0, !p.needsFullList()).build(atoms)).energy() / atoms.size();
    }
}
