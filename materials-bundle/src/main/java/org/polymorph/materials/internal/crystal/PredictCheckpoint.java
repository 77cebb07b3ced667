package org.polymorph.materials.internal.crystal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Method;
import org.polymorph.core.method.ParamSpec;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.run.ResumeRule;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * The payload of crystal.predict's checkpoint ({@link Checkpoint}, whose header holds the run's parameters): the
 * quenched amorphous cell, the melt–quench thermo rows, the packing's closest distance and FIRE iterations, and the
 * outcomes of the first relaxed subcells in subcell order (energies, iterations, convergence, failure, relaxed positions
 * and cell). The subcells themselves are cut again from the amorphous cell on resume (the cut is deterministic), and
 * the relaxations go on from the first one missing, so a resumed run ends with the results of an uninterrupted one.
 */
final class PredictCheckpoint {
    static final String FILE = "checkpoint.bin";
    static final int VERSION = 1;

    /** The quench's results, kept whole. */
    record Amorphous(Atoms atoms, List<double[]> thermo, double packedClosest, int packingIterations) { }

    private PredictCheckpoint() { }

    static void write(RunDirectory dir, Method m, Params p, Amorphous a, List<SubcellRelaxer.Outcome> done) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(bytes)) {
            Atoms at = a.atoms();
            doubles(o, at.positions());
            o.writeInt(at.size());
            for (int t : at.types()) o.writeInt(t);
            o.writeInt(at.typeNames().size());
            for (String n : at.typeNames()) o.writeUTF(n);
            doubles(o, at.masses());
            doubles(o, at.box().h());
            o.writeInt(a.thermo().size());
            for (double[] row : a.thermo()) doubles(o, row);
            o.writeDouble(a.packedClosest());
            o.writeInt(a.packingIterations());
            o.writeInt(done.size());
            for (SubcellRelaxer.Outcome x : done) {
                o.writeDouble(x.initialEnergy());
                o.writeDouble(x.energy());
                o.writeInt(x.steps());
                o.writeBoolean(x.converged());
                o.writeUTF(x.failure());
                doubles(o, x.atoms().positions());
                doubles(o, x.atoms().box().h());
            }
        }
        Checkpoint.write(dir, FILE, m, p, VERSION, bytes.toByteArray());
    }

    /** The parameters that choose the subcells and how they relax: the checkpoint's relaxed subcells hold only if all are unchanged. */
    static final List<String> RELAXATION_KEYS = List.of("d_frac", "n_min", "n_max", "sizes", "cubic_only", "restrict_to_compositions", "max_coef",
            "relax_steps", "fmax", "stress_tol");

    /**
     * Whether {@code now} (a run's parameters) has the subcell and relaxation parameters of {@code then} (the checkpoint's
     * header), compared by the run engine's resume rule restricted to {@link #RELAXATION_KEYS} of {@code m}.
     */
    static boolean sameRelaxations(Method m, Map<String, Object> then, Map<String, Object> now) {
        List<ParamSpec> specs = m.params().stream().filter(s -> RELAXATION_KEYS.contains(s.name())).toList();
        return ResumeRule.of(specs, Set.of()).allows(then, now);
    }

    /** The amorphous cell of the checkpoint. */
    static Amorphous amorphous(Checkpoint c) {
        try {
            DataInputStream in = stream(c);
            double[] r = doubles(in);
            int[] types = new int[in.readInt()];
            for (int i = 0; i < types.length; i++) types[i] = in.readInt();
            List<String> names = new ArrayList<>();
            for (int k = in.readInt(); k > 0; k--) names.add(in.readUTF());
            double[] masses = doubles(in);
            Atoms atoms = new Atoms(r, types, names, masses, Box.periodic(doubles(in)));
            List<double[]> thermo = new ArrayList<>();
            for (int k = in.readInt(); k > 0; k--) thermo.add(doubles(in));
            return new Amorphous(atoms, thermo, in.readDouble(), in.readInt());
        } catch (IOException | IllegalArgumentException e) {
            throw damaged(e);
        }
    }

    /** The relaxed subcells of the checkpoint, in subcell order; {@code subcells[k]} is subcell k cut from the checkpoint's amorphous cell. */
    static List<SubcellRelaxer.Outcome> outcomes(Checkpoint c, List<Atoms> subcells) {
        try {
            DataInputStream in = stream(c);
            doubles(in);
            for (int k = in.readInt(); k > 0; k--) in.readInt();
            for (int k = in.readInt(); k > 0; k--) in.readUTF();
            doubles(in);
            doubles(in);
            for (int k = in.readInt(); k > 0; k--) doubles(in);
            in.readDouble();
            in.readInt();
            int n = in.readInt();
            if (n > subcells.size()) throw new IOException(n + " outcomes for " + subcells.size() + " subcells");
            List<SubcellRelaxer.Outcome> out = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                double e0 = in.readDouble();
                double e = in.readDouble();
                int steps = in.readInt();
                boolean conv = in.readBoolean();
                String failure = in.readUTF();
                Atoms a = subcells.get(k).withPositions(doubles(in));
                out.add(new SubcellRelaxer.Outcome(e0, e, a.withBox(Box.periodic(doubles(in))), steps, conv, failure));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw damaged(e);
        }
    }

    private static DataInputStream stream(Checkpoint c) throws IOException {
        if (c.payloadVersion() != VERSION) throw new IOException("payload version " + c.payloadVersion() + ", this build reads " + VERSION);
        return c.payloadStream();
    }

    private static BadInputException damaged(Exception e) {
        return BadInputException.forParam("resume", true, FILE + " cannot be decoded (" + e.getMessage() + ")", "start a new run in another folder");
    }

    private static void doubles(DataOutputStream o, double[] v) throws IOException {
        o.writeInt(v.length);
        for (double x : v) o.writeDouble(x);
    }

    private static double[] doubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 26)) throw new IOException("array of " + n + " numbers");
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = in.readDouble();
        return v;
    }
}
