package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** The fused kernel as a primitive agrees with the differentiable energy in value, gradient, stress and Hessian. */
class FusedEnergyTest {
    private final TensorService ts = new ReferenceTensorService();
    private final AD ad = new AutodiffEngines().create(ts);
    private final Ops o = ad.ops();

    FusedEnergyTest() {
        ad.primitives().register(FusedEnergy.NAME, "test");
        ad.primitives().register(FusedEnergy.GRADIENT_NAME, "test");
    }

    private static Atoms displaced(Atoms a, double amp, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] r = a.positions();
        for (int i = 0; i < r.length; i++) r[i] += amp * (2 * rnd.nextDouble() - 1);
        return a.withPositions(r);
    }

    private void agree(Potential p, Atoms atoms, boolean hessian) {
        NeighborList nl = new NeighborListBuilder(p.cutoff(), 0.2, !p.needsFullList()).build(atoms);
        Var r = o.constant(ts.fromArray(atoms.positions(), atoms.size(), 3));
        Var h = o.constant(ts.fromArray(atoms.box().h(), 3, 3));
        Object params = p.parameters(o);
        java.util.function.Function<Var[], Var> fused = v -> FusedEnergy.energy(ad, p, atoms, nl, v[0], v[1]);
        java.util.function.Function<Var[], Var> plain = v -> p.energy(o, v[0], v[1], params, atoms, nl);
        Var[] x = {r, h};
        assertEquals(plain.apply(x).item(), fused.apply(x).item(), 1e-10 * Math.abs(plain.apply(x).item()));
        Var[] gf = ad.grad(fused, x);
        Var[] gp = ad.grad(plain, x);
        close(gp[0], gf[0], 1e-9);
        close(gp[1], gf[1], 1e-8);
        // stress through the strain: positions and cell deformed together
        Var eps0 = o.constant(ts.zeros(DType.FLOAT64, 3, 3));
        Var sf = ad.grad((Var e) -> { Var[] s = Space.strain(o, r, h, e); return fused.apply(s); }, eps0);
        Var sp = ad.grad((Var e) -> { Var[] s = Space.strain(o, r, h, e); return plain.apply(s); }, eps0);
        close(sp, sf, 1e-8);
        if (hessian) {
            Var hf = ad.hessian(v -> fused.apply(new Var[] {v, h}), r);
            Var hp = ad.hessian(v -> plain.apply(new Var[] {v, h}), r);
            close(hp, hf, 1e-8);
        }
    }

    private void close(Var want, Var got, double tol) {
        double[] a = ts.toDoubleArray(want.value());
        double[] b = ts.toDoubleArray(got.value());
        assertEquals(a.length, b.length);
        double scale = 0;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], tol * Math.max(1, scale), "element " + i);
    }

    @Test
    void ljFusedPrimitiveMatchesAutodiffToSecondOrder() {
        Atoms fcc = displaced(Lattices.build("fcc", 1.5496, new int[] {2, 2, 2}, "A", 1.0), 0.05, 1);
        agree(new LjCut(1.0, 1.0, 2.5, true), fcc, true);
    }

    @Test
    void stillingerWeberFusedPrimitiveMatchesAutodiffToSecondOrder() throws Exception {
        Atoms si = displaced(Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855), 0.1, 3);
        agree(StillingerWeber.read(org.polymorph.materials.Oracles.potentialFile("Si.sw"), java.util.List.of("Si")), si, true);
    }

    @Test
    void triclinicCellsToo() {
        Atoms fcc = Lattices.build("fcc", 1.5496, new int[] {3, 3, 3}, "A", 1.0);
        double[] h = fcc.box().h();
        h[3] = 0.6;
        h[6] = -0.4;
        h[7] = 0.3;
        Atoms tri = displaced(fcc.withBox(org.polymorph.materials.space.Box.periodic(h)), 0.05, 2);
        agree(new LjCut(1.0, 1.0, 2.5, false), tri, false);
    }

    @Test
    void registeredNamesAreRequired() {
        AD fresh = new AutodiffEngines().create(ts);
        Atoms fcc = Lattices.build("fcc", 1.5496, new int[] {2, 2, 2}, "A", 1.0);
        LjCut lj = new LjCut(1.0, 1.0, 2.5, true);
        NeighborList nl = new NeighborListBuilder(2.5, 0.2, true).build(fcc);
        Var r = fresh.ops().constant(ts.fromArray(fcc.positions(), fcc.size(), 3));
        Var h = fresh.ops().constant(ts.fromArray(fcc.box().h(), 3, 3));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> FusedEnergy.energy(fresh, lj, fcc, nl, r, h));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(FusedEnergy.NAME), e.getMessage());
    }
}
