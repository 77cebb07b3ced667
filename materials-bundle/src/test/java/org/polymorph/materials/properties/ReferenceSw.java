package org.polymorph.materials.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.potential.Evaluation;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;

/**
 * A test-only, differentiable-energy Stillinger–Weber for one element (Phys. Rev. B 31, 5262 (1985), LAMMPS form):
 * E = Σ_{i<j} A ε [B (σ/r)^p − (σ/r)^q] exp(σ/(r − aσ)) + Σ_i Σ_{j<k} λ ε (cos θ_jik − cos θ₀)² exp(γσ/(r_ij − aσ)) exp(γσ/(r_ik − aσ)),
 * with the parameters of Si.sw read from materials.json. It lets the diamond-structure paths of the
 * property code run while the production class (branch m-manybody) is absent; {@link #compute} is
 * autodiff of {@link #energy}, not a fused kernel.
 */
final class ReferenceSw implements Potential {
    private final double eps;
    private final double sig;
    private final double a;
    private final double lambda;
    private final double gamma;
    private final double cos0;
    private final double bigA;
    private final double bigB;
    private final double p;
    private final double q;

    @SuppressWarnings("unchecked")
    ReferenceSw() {
        Map<String, Object> pot = (Map<String, Object>) Oracles.oracleCase("Si_SW_diamond_elastic_constants").get("potential");
        Map<String, Number> v = (Map<String, Number>) pot.get("parameters");
        eps = v.get("epsilon_eV").doubleValue();
        sig = v.get("sigma_A").doubleValue();
        a = v.get("a").doubleValue();
        lambda = v.get("lambda").doubleValue();
        gamma = v.get("gamma").doubleValue();
        cos0 = v.get("costheta0").doubleValue();
        bigA = v.get("A").doubleValue();
        bigB = v.get("B").doubleValue();
        p = v.get("p").doubleValue();
        q = v.get("q").doubleValue();
    }

    @Override public String style() { return "sw"; }
    @Override public double cutoff() { return a * sig; }
    @Override public boolean needsFullList() { return true; }
    @Override public Object parameters(Ops o) { return null; }

    @Override
    public Var energy(Ops o, Var positions, Var cell, Object params, Atoms atoms, NeighborList nl) {
        double rc = a * sig;
        Space.Pairs pairs = Space.Pairs.of(o, nl);
        Var vec = Space.pairVectors(o, positions, cell, pairs);
        Var r = Space.distances(o, vec);
        Var inside = o.lt(r, o.scalarLike(r, rc));
        Var rs = o.where(inside, r, o.zerosLike(r));                      // finite exponents outside the cutoff
        Var sr = o.div(o.scalarLike(r, sig), o.where(inside, r, o.onesLike(r)));
        Var two = o.mul(o.sub(o.mul(o.pow(sr, o.scalarLike(r, p)), o.scalarLike(r, bigB)), o.pow(sr, o.scalarLike(r, q))),
                o.exp(o.div(o.scalarLike(r, sig), o.sub(rs, o.scalarLike(r, rc)))));
        Var e2 = o.mul(o.sum(o.where(inside, two, o.zerosLike(two))), o.scalarLike(r, 0.5 * bigA * eps));   // full list: ½
        Var g = o.where(inside, o.exp(o.div(o.scalarLike(r, gamma * sig), o.sub(rs, o.scalarLike(r, rc)))), o.zerosLike(r));
        List<Integer> t1 = new ArrayList<>();
        List<Integer> t2 = new ArrayList<>();
        for (int i = 0; i < nl.atoms(); i++) {
            for (int j = nl.start(i); j < nl.end(i); j++) {
                for (int k = j + 1; k < nl.end(i); k++) {
                    t1.add(j);
                    t2.add(k);
                }
            }
        }
        if (t1.isEmpty()) return e2;
        Var i1 = o.constant(o.tensors().fromArray(t1.stream().mapToInt(Integer::intValue).toArray(), t1.size()));
        Var i2 = o.constant(o.tensors().fromArray(t2.stream().mapToInt(Integer::intValue).toArray(), t2.size()));
        Var v1 = o.take(vec, i1, 0);
        Var v2 = o.take(vec, i2, 0);
        Var cos = o.div(o.sum(o.mul(v1, v2), 1), o.mul(o.take(r, i1, 0), o.take(r, i2, 0)));
        Var dc = o.sub(cos, o.scalarLike(cos, cos0));
        Var three = o.mul(o.square(dc), o.mul(o.take(g, i1, 0), o.take(g, i2, 0)));
        return o.add(e2, o.mul(o.sum(three), o.scalarLike(cos, lambda * eps)));
    }

    @Override
    public Evaluation compute(Atoms atoms, NeighborList nl) {
        AD ad = new AutodiffEngines().create(new ReferenceTensorService());
        Ops o = ad.ops();
        double e = Statics.energy(ad, this, atoms, nl);
        double[] f = Statics.forces(ad, this, atoms, nl);
        double[] s = Statics.stressNative(ad, this, atoms, nl);
        double v = atoms.box().volume();
        // W = −V σ, LAMMPS order xx yy zz xy xz yz
        return new Evaluation(e, f, new double[] {-v * s[0], -v * s[1], -v * s[2], -v * s[5], -v * s[4], -v * s[3]});
    }
}
