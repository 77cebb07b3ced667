package org.polymorph.materials.internal.rigid;

import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.dynamics.Ramp;
import org.polymorph.materials.dynamics.State;
import org.polymorph.materials.dynamics.UnitSystem;
import org.polymorph.materials.internal.dynamics.Chains;
import org.polymorph.materials.rigid.RigidBodies;
import org.polymorph.materials.rigid.RigidState;

/**
 * NVT for rigid bodies with Nosé–Hoover chains (Martyna, Klein & Tuckerman 1992; the rigid-body form of
 * Kamberaj, Low & Neal, J. Chem. Phys. 122, 224114 (2005), LAMMPS's {@code fix rigid/nvt}): one chain
 * on the translational and one on the rotational kinetic energy, each propagated dt/2 in
 * {@code chainSteps} sub-steps with a third-order Suzuki–Yoshida composition, around the NVE step of
 * {@link RigidNve}. jax-md's defaults: chain length 5, 2 chain steps, 3 Suzuki–Yoshida weights, τ = 100·dt
 * (jax-md puts all degrees of freedom on one chain). Chain energies go to the reservoir, so
 * {@link RigidState#conservedEnergy()} is constant at a fixed target.
 */
public final class RigidNoseHoover extends RigidStepper {
    private final double tau;
    private final int chain;
    private final int chainSteps;
    private final Ramp temperature;

    /** jax-md's defaults: chain length 5, 2 chain steps, τ = 100·dt. */
    public RigidNoseHoover(RigidForces ff, double dt, Ramp temperature, UnitSystem units) { this(ff, dt, temperature, 100 * dt, 5, 2, units); }

    /** τ: thermostat time constant (time); chain ≥ 1; chainSteps ≥ 1 sub-steps per half step. */
    public RigidNoseHoover(RigidForces ff, double dt, Ramp temperature, double tau, int chain, int chainSteps, UnitSystem units) {
        super(ff, dt, units);
        check(temperature, tau, chain, chainSteps);
        this.tau = tau;
        this.chain = chain;
        this.chainSteps = chainSteps;
        this.temperature = temperature;
    }

    /**
     * The thermostat's parameters, checked for it and for the differentiable trajectory's chains: τ finite and > 0,
     * chain ≥ 1, chainSteps ≥ 1, target temperatures > 0; bad input names the parameter.
     */
    static void check(Ramp temperature, double tau, int chain, int chainSteps) {
        Motion.positive("tau", tau);
        if (chain < 1) throw org.polymorph.core.method.BadInputException.forParam("chain", chain, "a chain needs at least one thermostat", "give 5 (jax-md) or 3");
        if (chainSteps < 1) throw org.polymorph.core.method.BadInputException.forParam("chain_steps", chainSteps, "must be >= 1", "give 2 (jax-md) or 1");
        if (temperature == null || !(temperature.start() > 0) || !(temperature.end() > 0)) {
            throw org.polymorph.core.method.BadInputException.forParam("temperature", temperature == null ? "none" : temperature.start() + " to " + temperature.end(),
                    "a Nosé–Hoover thermostat needs T > 0", "give a positive target temperature");
        }
    }

    @Override
    public RigidState init(RandomKey key, RigidBodies bodies) {
        return Motion.start(ff, bodies, key, State.Chain.ofLength(chain), State.Chain.ofLength(chain), true, units);
    }

    @Override
    public RigidState step(RigidState s) {
        long n = s.step() + 1;
        double kT = units.boltzmann() * temperature.at(n);
        Motion m = motion(s);
        double before = energy(s.translationChain(), s.rotationChain(), s, kT);
        State.Chain[] c = thermostat(m, s.translationChain(), s.rotationChain(), s, kT);
        RigidForces.Result r = m.verlet(s, ff, dt, n);
        c = thermostat(m, c[0], c[1], s, kT);
        double after = energy(c[0], c[1], s, kT);
        return m.state(s, r, n, dt, c[0], c[1], s.reservoir() + after - before);
    }

    /** Both chains over dt/2 in {@code chainSteps} sub-steps, scaling P and L in m; returns the new chains. */
    private State.Chain[] thermostat(Motion m, State.Chain t, State.Chain r, RigidState s, double kT) {
        double h = dt / chainSteps;
        double twoKt = m.twiceTranslational();
        double twoKr = m.twiceRotational();
        double st = 1, sr = 1;
        for (int k = 0; k < chainSteps; k++) {
            Chains.Result a = Chains.halfStep(t, twoKt * st * st, s.translationalDof(), kT, tau, h);
            Chains.Result b = s.rotationalDof() > 0 ? Chains.halfStep(r, twoKr * sr * sr, s.rotationalDof(), kT, tau, h) : new Chains.Result(r, 1);
            st *= a.scale();
            sr *= b.scale();
            t = a.chain();
            r = b.chain();
        }
        m.scale(st, sr);
        return new State.Chain[] {t, r};
    }

    private double energy(State.Chain t, State.Chain r, RigidState s, double kT) {
        double e = Chains.energy(t, s.translationalDof(), kT, tau);
        return s.rotationalDof() > 0 ? e + Chains.energy(r, s.rotationalDof(), kT, tau) : e;
    }
}
