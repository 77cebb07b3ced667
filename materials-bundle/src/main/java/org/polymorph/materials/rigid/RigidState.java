package org.polymorph.materials.rigid;

import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.partition.NeighborList;

/**
 * One point of a rigid-body trajectory: the bodies, the potential energy of their points (energy;
 * pairs inside a body excluded unless the system includes them), centre forces [3B] (energy/length)
 * and torques [3B] (energy; space frame, 2D only z) at these positions, the neighbour list of the
 * points, the step and time, the key of any stochastic part, the Nosé–Hoover chains on translation
 * and on rotation (empty when unused), the energy held outside the bodies ({@code reservoir}: chain
 * energies, heat given to a Langevin bath) and the translational and rotational degrees of freedom.
 */
public record RigidState(RigidSystem system, RigidBodies bodies, double potentialEnergy, double[] forces, double[] torques,
                         NeighborList neighbors, long step, double time, org.polymorph.core.tensor.RandomKey key,
                         State.Chain translationChain, State.Chain rotationChain, double reservoir,
                         int translationalDof, int rotationalDof, UnitSystem units) {
    public RigidState {
        forces = forces.clone();
        torques = torques.clone();
    }

    @Override public double[] forces() { return forces.clone(); }

    @Override public double[] torques() { return torques.clone(); }

    public double force(int body, int axis) { return forces[3 * body + axis]; }

    public double torque(int body, int axis) { return torques[3 * body + axis]; }

    /** Σ |P|²/(2M) (energy). */
    public double translationalKineticEnergy() { return system.translationalKineticEnergy(bodies, units); }

    /** Σ π_k²/(2 I_k) (energy). */
    public double rotationalKineticEnergy() { return system.rotationalKineticEnergy(bodies, units); }

    public double kineticEnergy() { return translationalKineticEnergy() + rotationalKineticEnergy(); }

    public double totalEnergy() { return kineticEnergy() + potentialEnergy; }

    /** KE + PE + reservoir: what the integrator conserves at a fixed target. */
    public double conservedEnergy() { return totalEnergy() + reservoir; }

    /** 2 KE_trans / (dof_trans k_B) (temperature units). */
    public double translationalTemperature() { return 2 * translationalKineticEnergy() / (translationalDof * units.boltzmann()); }

    /** 2 KE_rot / (dof_rot k_B); NaN without rotational degrees of freedom. */
    public double rotationalTemperature() { return 2 * rotationalKineticEnergy() / (rotationalDof * units.boltzmann()); }

    /** 2 KE / ((dof_trans + dof_rot) k_B), as LAMMPS's {@code compute temp} with fix rigid's dof removal. */
    public double temperature() { return 2 * kineticEnergy() / ((translationalDof + rotationalDof) * units.boltzmann()); }
}
