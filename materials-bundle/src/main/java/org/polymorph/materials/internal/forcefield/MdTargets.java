package org.polymorph.materials.internal.forcefield;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.Integrator;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.forcefield.Target;
import org.polymorph.materials.internal.dynamics.PotentialForceField;
import org.polymorph.materials.internal.method.RowParallel;
import org.polymorph.materials.internal.potential.FusedEnergy;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialCatalog;
import org.polymorph.materials.properties.Statics;
import org.polymorph.materials.structure.Atoms;

/**
 * The MD-based targets of a fit ({@link Target.Vdos}, {@link Target.Rdf}): for each, once, the fixed
 * starting state (Langevin equilibration with the starting parameters, not differentiated) and the
 * target curve on the grid (from the CSV points, or from an NVE run of the reference potential from
 * its own equilibration with the same settings); then, per evaluation, the differentiable NVE run
 * ({@link MdTrajectory}, √T checkpointing) and the L2 distance of its curve to the target.
 */
final class MdTargets {
    /** Neighbour-list skin (Å) of the undifferentiated runs (equilibration, reference). */
    static final double SKIN = 1.0;

    private final AD ad;
    private final Ops o;
    private final Objective f;
    private final PotentialCatalog catalog;
    private final double[] start;
    private final String element;
    private final double mass;
    private final int threads;
    private final Map<Target, Prepared> prepared = new ConcurrentHashMap<>();

    /** A target's fixed data: the structure, the start (r0, v0 [3N]), the grid and the target curve on it. */
    record Prepared(Atoms atoms, double[] r0, double[] v0, double[] grid, double[] target, FusedEnergy energy) { }

    /**
     * {@code catalog}: where the reference styles of the targets are found; {@code threads}: threads of the
     * differentiable trajectories (row blocks, {@link RowParallel}, for styles that split by rows; one otherwise).
     */
    MdTargets(AD ad, Objective f, PotentialCatalog catalog, double[] start, String element, double mass, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + "; give 1 or more");
        this.threads = threads;
        this.ad = ad;
        this.o = ad.ops();
        this.f = f;
        this.catalog = catalog;
        this.start = start.clone();
        this.element = element;
        this.mass = mass;
    }

    static boolean handles(Target t) { return t instanceof Target.Vdos || t instanceof Target.Rdf; }

    /** The L2 distance of the model curve at x to the target curve, differentiable in x (reverse mode, √T checkpointing). */
    Var distance(Target t, Var x) { return distance(t, x, true); }

    /** As {@link #distance(Target, Var)}; {@code checkpoint} false keeps every step on the tape (for measurements). */
    Var distance(Target t, Var x, boolean checkpoint) {
        Prepared p = prepare(t);
        return MdCurves.l2(o, curve(t, p, x, checkpoint), o.constant(p.target(), p.target().length), p.grid()[1] - p.grid()[0]);
    }

    /** The model curve at x (values), its grid and the target curve: {grid, model, target}. */
    double[][] curves(Target t, double[] x) {
        Prepared p = prepare(t);
        double[] m = o.tensors().toDoubleArray(curve(t, p, o.constant(x, x.length), false).value());
        return new double[][] {p.grid().clone(), m, p.target().clone()};
    }

    /** The fixed data of {@code t}, prepared on first use. */
    Prepared prepare(Target t) {
        return prepared.computeIfAbsent(t, this::build);
    }

    private Var curve(Target t, Prepared p, Var x, boolean checkpoint) {
        Target.Md md = md(t);
        MdTrajectory.Frames fr = MdTrajectory.run(ad, p.energy(), Statics.cell(o, p.atoms()), p.r0(), p.v0(), p.atoms().atomMasses(), md.timestepFs() / 1000,
                md.steps(), x, checkpoint, VerletTrajectory.Mode.AUTO, q -> threads > 1 && RowParallel.splits(catalog, q) ? RowParallel.of(catalog, q, threads) : q,
                t instanceof Target.Rdf r ? VerletTrajectory.Reads.positions(r.every()) : VerletTrajectory.Reads.VELOCITIES);
        if (t instanceof Target.Vdos v) {
            return MdCurves.vdosOfComponents(o, fr.velocityComponents(), p.atoms().atomMasses(), md.timestepFs() / 1000, p.grid(), v.widthThz());
        }
        Target.Rdf r = (Target.Rdf) t;
        return MdCurves.rdf(ad, fr.positions(), p.atoms(), p.grid(), r.widthA(), r.every());
    }

    private Prepared build(Target t) {
        Target.Md md = md(t);
        Atoms atoms = Structures.cubic(t.structure(), t.latticeConstant(), md.cells(), element, mass);
        State s0 = equilibrate(f.style().potential(start), atoms, md);
        double[] grid = t instanceof Target.Vdos v ? MdCurves.vdosGrid(v.maxThz()) : MdCurves.rdfGrid(((Target.Rdf) t).rMax());
        Target.Source src = t instanceof Target.Vdos v ? v.source() : ((Target.Rdf) t).source();
        double[] target;
        if (src.x() != null) {
            target = MdCurves.interpolate(src.x(), src.y(), grid);
            if (t instanceof Target.Vdos) {
                double sum = 0;
                for (double y : target) sum += y;
                if (!(sum > 0)) throw new IllegalArgumentException("vdos target curve: no positive intensity within 0.." + grid[grid.length - 1] + " THz; give a curve over the grid");
                target = o.tensors().toDoubleArray(MdCurves.unitArea(o, o.constant(target, target.length), grid[1] - grid[0]).value());
            }
        } else {
            Potential ref = catalog.create(src.referenceStyle(), src.referenceFile().toString(), "", java.util.List.of(element));
            target = reference(t, ref, atoms, md, grid);
        }
        return new Prepared(atoms, s0.positions(), s0.velocities(), grid, target, new FusedEnergy(ad, f.family(), atoms));
    }

    /** The target curve of an NVE run with the reference potential (plain dynamics, then the same curve ops on constants). */
    private double[] reference(Target t, Potential ref, Atoms atoms, Target.Md md, double[] grid) {
        double dt = md.timestepFs() / 1000;
        Integrator nve = Integrators.nve(PotentialForceField.of(ref, SKIN), dt, UnitSystem.METAL);
        State e = equilibrate(ref, atoms, md);
        State s = nve.init(RandomKey.of(md.seed()), atoms.withPositions(e.positions()), e.velocities());
        int n = atoms.size();
        double[] r = new double[md.steps() * 3 * n];
        double[] v = new double[md.steps() * 3 * n];
        for (int k = 0; k < md.steps(); k++) {
            s = nve.step(s);
            System.arraycopy(s.positions(), 0, r, k * 3 * n, 3 * n);
            System.arraycopy(s.velocities(), 0, v, k * 3 * n, 3 * n);
        }
        Var curve = t instanceof Target.Vdos vd
                ? MdCurves.vdos(o, o.constant(v, md.steps(), n, 3), atoms.atomMasses(), dt, grid, vd.widthThz())
                : MdCurves.rdf(ad, o.constant(r, md.steps(), n, 3), atoms, grid, ((Target.Rdf) t).widthA(), ((Target.Rdf) t).every());
        return o.tensors().toDoubleArray(curve.value());
    }

    /** Langevin BAOAB at the target temperature, friction 1/(100 dt), from Maxwell–Boltzmann velocities of the seed. */
    static State equilibrate(Potential pot, Atoms atoms, Target.Md md) {
        double dt = md.timestepFs() / 1000;
        Integrator lg = Integrators.langevin(PotentialForceField.of(pot, SKIN), dt, Ramp.constant(md.temperature()), 1 / (100 * dt), UnitSystem.METAL);
        State s = lg.init(RandomKey.of(md.seed()), atoms, md.temperature());
        for (int k = 0; k < md.equilibrationSteps(); k++) s = lg.step(s);
        return s;
    }

    private static Target.Md md(Target t) { return t instanceof Target.Vdos v ? v.md() : ((Target.Rdf) t).md(); }
}
