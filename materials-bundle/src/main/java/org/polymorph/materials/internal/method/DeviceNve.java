package org.polymorph.materials.internal.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.tensor.MdKernels;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.Thermo;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.Blowup;
import org.polymorph.materials.internal.potential.LjCut;
import org.polymorph.materials.internal.potential.StillingerWeber;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;

/**
 * NVE velocity Verlet whose state stays in the memory of a TensorService that offers {@link MdKernels}
 * (the CUDA service's device): md.run's and bench.md's device path. It is started from a host
 * {@link State} and hands back a State, built from what it reads back, only at the steps the caller
 * observes; between them positions, velocities and forces never leave the device. The State it hands back
 * has no neighbour list of its own (the device rebuilds its list every step); {@link #withHostList}
 * builds one on the host for a checkpoint.
 */
final class DeviceNve implements AutoCloseable {
    private final TensorService tensors;
    private final MdKernels.Trajectory trajectory;
    private final State start;
    private final Potential potential;
    private final double dt;
    private final UnitSystem units;
    private double time;

    private DeviceNve(TensorService tensors, MdKernels.Trajectory trajectory, State start, Potential potential, double dt, UnitSystem units) {
        this.tensors = tensors;
        this.trajectory = trajectory;
        this.start = start;
        this.potential = potential;
        this.dt = dt;
        this.units = units;
        this.time = start.time();
    }

    /** The MD kernels of {@code tensors}, if it offers them. */
    static Optional<MdKernels> kernels(TensorService tensors) { return tensors == null ? Optional.empty() : tensors.mdKernels(); }

    /**
     * Why the device path of {@code md} cannot run this md.run, as a BadInputException naming the parameter and
     * the fix, or null when it can: NVE, a style the service has kernels for, a cell periodic on every axis.
     */
    static BadInputException unsupported(TensorService tensors, MdKernels md, Potential pot, String ensemble, Atoms atoms) {
        String fix = "or run on the host (backend=cpu), which has every style and ensemble";
        if (!ensemble.equals("nve")) {
            return BadInputException.forParam("ensemble", ensemble, "the " + tensors.name() + " backend's MD kernels integrate nve only",
                    "give ensemble=nve, " + fix);
        }
        if (!md.styles().contains(pot.style()) || !(pot instanceof LjCut || pot instanceof StillingerWeber)) {
            return BadInputException.forParam("potential", pot.style(), "the " + tensors.name() + " backend's MD kernels have the styles "
                    + String.join(", ", md.styles()) + " only", "use one of them, " + fix);
        }
        if (!atoms.box().allPeriodic()) {
            return BadInputException.forParam("structure", "a cell periodic on " + periodicAxes(atoms), "the " + tensors.name()
                    + " backend's MD kernels need a cell periodic on all three axes", "give a periodic cell, " + fix);
        }
        return null;
    }

    private static String periodicAxes(Atoms atoms) {
        List<String> axes = new ArrayList<>();
        for (int k = 0; k < 3; k++) if (atoms.box().periodic(k)) axes.add("xyz".substring(k, k + 1));
        return axes.isEmpty() ? "no axis" : String.join(", ", axes);
    }

    /** The style parameters of {@code pot} (lj/cut or sw) for the kernels. */
    static MdKernels.Style style(Potential pot) {
        if (pot instanceof LjCut lj) return new MdKernels.LjCut(lj.types(), lj.pairEpsilon(), lj.pairSigma(), lj.cutoff(), lj.shifted());
        if (pot instanceof StillingerWeber sw) return new MdKernels.StillingerWeber(sw.types(), sw.table(), sw.cutoff());
        throw new IllegalArgumentException("md: no device kernel for " + pot.style());
    }

    /** The step-0 State of a new run: velocities as {@code Integrator.init} draws them (or given), forces from the device. */
    static DeviceNve begin(TensorService tensors, MdKernels md, Potential pot, Atoms atoms, RandomKey key, double[] velocities, double temperature,
                           double dt, UnitSystem units) {
        RandomKey stateKey = key;
        double[] v = velocities;
        if (v == null) {
            RandomKey[] k = key.split(2);
            v = Thermo.maxwellBoltzmann(k[0], atoms, temperature, units);
            stateKey = k[1];
        }
        State s = new State(atoms, v, new Evaluation(0, new double[3 * atoms.size()], new double[6]), null, 0, 0, stateKey, State.Chain.NONE,
                State.Barostat.NONE, 0, Thermo.degreesOfFreedom(atoms.size(), true), units);
        return resume(tensors, md, pot, s, dt);
    }

    /** Continues from {@code s} (a checkpoint's or {@link #begin}'s): positions and velocities go to the device, which computes the forces. */
    static DeviceNve resume(TensorService tensors, MdKernels md, Potential pot, State s, double dt) {
        Atoms a = s.atoms();
        int n = a.size();
        MdKernels.Trajectory t = md.nve(new MdKernels.Start(tensors.fromArray(a.positions(), n, 3), tensors.fromArray(s.velocities(), n, 3),
                a.types(), a.atomMasses(), a.box().h(), style(pot), dt, s.units().ftm2v()));
        return new DeviceNve(tensors, t, s, pot, dt, s.units());
    }

    /** The current state, read back from the device. */
    State state() {
        Atoms a = start.atoms().withPositions(tensors.toDoubleArray(trajectory.positions()));
        MdKernels.Sums sums = trajectory.sums();
        Evaluation ev = new Evaluation(sums.potentialEnergy(), tensors.toDoubleArray(trajectory.forces()), sums.virial());
        return new State(a, tensors.toDoubleArray(trajectory.velocities()), ev, null, start.step() + trajectory.steps(), time, start.key(),
                start.thermostat(), start.barostat(), start.reservoir(), start.dof(), units);
    }

    /**
     * Makes {@code count} steps on the device and returns the state after them. A non-finite position,
     * velocity or force throws {@link Blowup} naming the step and the atom, as the host integrators do.
     */
    State advance(int count) {
        long before = trajectory.steps();
        try {
            trajectory.advance(count);
        } catch (MdKernels.Runaway e) {
            String what = e.getMessage().replaceFirst("^step \\d+: atom \\d+ ", "");
            throw new Blowup(start.step() + e.step(), e.atom(), what);
        } finally {
            // the time accumulates step by step, as the host integrators' s.time() + dt
            for (long k = before; k < trajectory.steps(); k++) time += dt;
        }
        return state();
    }

    /** {@code s} with a neighbour list built on the host (for a checkpoint, whose format holds one). */
    State withHostList(State s, double skin) {
        NeighborList nl = new NeighborListBuilder(potential.cutoff(), skin, !potential.needsFullList()).build(s.atoms());
        return new State(s.atoms(), s.velocities(), s.evaluation(), nl, s.step(), s.time(), s.key(), s.thermostat(), s.barostat(),
                s.reservoir(), s.dof(), s.units());
    }

    /** The device trajectory (for a benchmark's probes of the kernels). */
    MdKernels.Trajectory trajectory() { return trajectory; }

    /** Neighbour-list builds on the device so far. */
    long neighborBuilds() { return trajectory.neighborBuilds(); }

    @Override public void close() { trajectory.close(); }
}
