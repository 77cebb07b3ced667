package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.internal.potential.provider.FixedCatalog;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.FittableStyle;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.space.Space;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The fused kernel as a primitive E(R, h, θ) agrees with the differentiable energy in value, gradient, stress and Hessian, and its
 * rules, the parameter operand included, match finite differences to second order in both modes.
 */
class FusedEnergyTest {
    private final TensorService ts = new ReferenceTensorService();
    private final AD ad = new AutodiffEngines().create(ts);
    private final Ops o = ad.ops();

    FusedEnergyTest() {
        FusedEnergy.register(ad.primitives(), "test");
    }

    private static Atoms displaced(Atoms a, double amp, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] r = a.positions();
        for (int i = 0; i < r.length; i++) r[i] += amp * (2 * rnd.nextDouble() - 1);
        return a.withPositions(r);
    }

    /** {@code a} with the cell's xy and yz tilts set (Å) and its positions displaced by up to {@code amp} (Å). */
    private static Atoms sheared(Atoms a, double xy, double yz, double amp, long seed) {
        double[] h = a.box().h();
        h[3] = xy;
        h[7] = yz;
        return displaced(a.withBox(org.polymorph.materials.space.Box.periodic(h)), amp, seed);
    }

    /** lj/cut of one type over θ = (ε, σ), cutoff 2.5 (σ units), energy shifted or not. */
    private static FusedEnergy.Family lj(boolean shift) {
        return new FusedEnergy.Family() {
            @Override public Potential at(double[] theta) { return new LjCut(theta[0], theta[1], 2.5, shift); }

            @Override public Object params(Ops ops, Var theta) {
                return new LjCut.Params(ops.reshape(ops.sliceAxis(theta, 0, 0, 1), 1, 1), ops.reshape(ops.sliceAxis(theta, 0, 1, 2), 1, 1));
            }
        };
    }

    /** As {@link #lj}, declaring θ = the kernel's parameter vector (ε, σ): the Hessian products then come from the kernel. */
    private static FusedEnergy.Family ljKernelProducts(boolean shift) {
        FusedEnergy.Family plain = lj(shift);
        return new FusedEnergy.Family() {
            @Override public Potential at(double[] theta) { return plain.at(theta); }

            @Override public Object params(Ops ops, Var theta) { return plain.params(ops, theta); }

            @Override public double[] parameterJacobian(double[] theta) { return new double[] {1, 0, 0, 1}; }
        };
    }

    private static FittableStyle sw() { return FixedCatalog.builtin().provider("sw").fittable().orElseThrow(); }

    private static double[] siliconSw() { return sw().read(Oracles.potentialFile("Si.sw"), "Si"); }

    private void agree(FusedEnergy.Family family, double[] theta, Atoms atoms, boolean hessian) {
        Potential p = family.at(theta);
        NeighborList nl = new NeighborListBuilder(p.cutoff(), 0.2, !p.needsFullList()).build(atoms);
        Var r = o.constant(ts.fromArray(atoms.positions(), atoms.size(), 3));
        Var h = o.constant(ts.fromArray(atoms.box().h(), 3, 3));
        Var th = o.constant(theta, theta.length);
        Object params = p.parameters(o);
        FusedEnergy e = new FusedEnergy(ad, family, atoms);
        java.util.function.Function<Var[], Var> fused = v -> e.energy(v[0], v[1], th);
        java.util.function.Function<Var[], Var> plain = v -> p.energy(o, v[0], v[1], params, atoms, nl);
        Var[] x = {r, h};
        assertEquals(plain.apply(x).item(), fused.apply(x).item(), 1e-10 * Math.abs(plain.apply(x).item()));
        Var[] gf = ad.grad(fused, x);
        Var[] gp = ad.grad(plain, x);
        close(gp[0], gf[0], 1e-9);
        close(gp[1], gf[1], 1e-8);
        // stress through the strain: positions and cell deformed together
        Var eps0 = o.constant(ts.zeros(DType.FLOAT64, 3, 3));
        Var sf = ad.grad((Var s) -> { Var[] d = Space.strain(o, r, h, s); return fused.apply(d); }, eps0);
        Var sp = ad.grad((Var s) -> { Var[] d = Space.strain(o, r, h, s); return plain.apply(d); }, eps0);
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
        agree(lj(true), new double[] {1.0, 1.0}, fcc, true);
    }

    @Test
    void stillingerWeberFusedPrimitiveMatchesAutodiffToSecondOrder() {
        Atoms si = displaced(Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855), 0.1, 3);
        agree(FusedEnergy.family(sw()), siliconSw(), si, true);
    }

    @Test
    void triclinicCellsToo() {
        Atoms fcc = Lattices.build("fcc", 1.5496, new int[] {3, 3, 3}, "A", 1.0);
        double[] h = fcc.box().h();
        h[3] = 0.6;
        h[6] = -0.4;
        h[7] = 0.3;
        Atoms tri = displaced(fcc.withBox(org.polymorph.materials.space.Box.periodic(h)), 0.05, 2);
        agree(lj(false), new double[] {1.0, 1.0}, tri, false);
    }

    /**
     * E(R, h, θ) to second order and its kernel gradient (∂E/∂R, ∂E/∂h) to first, forward and reverse, against central
     * differences along random directions of all three operands (GradCheck, float64, ε = 1e-6, tolerances 1e-6): Stillinger–Weber
     * on displaced 8-atom diamond Si over its 11 file numbers (the cutoff a·σ moves with θ), and lj/cut on 32 atoms over (ε, σ).
     */
    @Test
    void rulesMatchFiniteDifferencesInEveryOperand() {
        Atoms si = displaced(Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855), 0.1, 5);
        double[] theta = siliconSw();
        theta[sw().index("q")] = 0.1;                   // Si's q = 0 and tol = 0 are the edges of their ranges (>= 0): a difference step would leave them
        theta[sw().index("tol")] = 0.01;
        checkRules(FusedEnergy.family(sw()), theta, si, 2);
        Atoms fcc = displaced(Lattices.build("fcc", 1.5496, new int[] {2, 2, 2}, "A", 1.0), 0.05, 6);
        checkRules(lj(true), new double[] {1.0, 1.05}, fcc, 1);
    }

    private void checkRules(FusedEnergy.Family family, double[] theta, Atoms atoms, int energyOrder) {
        FusedEnergy e = new FusedEnergy(ad, family, atoms);
        Var[] x = {o.constant(atoms.positions(), atoms.size(), 3), o.constant(atoms.box().h(), 3, 3), o.constant(theta, theta.length)};
        GradCheck check = new GradCheck(ad, 1e-6, 1e-6, 1e-6, 11);
        check.check(v -> e.energy(v[0], v[1], v[2]), x, energyOrder);
        check.check(v -> e.gradient(v[0], v[1], v[2])[0], x, 1);
        check.check(v -> e.gradient(v[0], v[1], v[2])[1], x, 1);
    }

    /**
     * The kernel's Hessian products (the third primitive) give the gradient primitive's JVP and VJP of the autodiff route to
     * 1e-10 on a triclinic cell with tangents in R, h and θ; its own rules (third order) match finite differences.
     */
    @Test
    void kernelHessianProductsEqualTheAutodiffRoute() {
        Atoms tri = sheared(Lattices.build("fcc", 1.5496, new int[] {2, 2, 2}, "A", 1.0), 0.5, -0.3, 0.05, 7);
        double[] theta = {1.0, 1.02};
        FusedEnergy fast = new FusedEnergy(ad, ljKernelProducts(true), tri);
        Var[] x = productsAgree(fast, new FusedEnergy(ad, lj(true), tri), tri, theta, 8);
        GradCheck check = new GradCheck(ad, 1e-6, 1e-6, 1e-6, 12);
        check.check(v -> fast.gradient(v[0], v[1], v[2])[0], x, 2);
    }

    /**
     * Stillinger–Weber's kernel products (its family declares θ = the file entry, the kernel's parameter vector) give the
     * gradient primitive's JVP and VJP of the autodiff route to 1e-10 on displaced diamond Si in a triclinic cell.
     */
    @Test
    void stillingerWeberKernelProductsEqualTheAutodiffRoute() {
        Atoms tri = sheared(Lattices.build("diamond", 5.431, new int[] {1, 1, 1}, "Si", 28.0855), 0.4, -0.3, 0.1, 9);
        double[] theta = siliconSw();
        theta[sw().index("q")] = 0.1;
        theta[sw().index("tol")] = 0.01;
        FusedEnergy.Family kernel = FusedEnergy.family(sw());
        FusedEnergy.Family autodiff = new FusedEnergy.Family() {
            @Override public Potential at(double[] t) { return kernel.at(t); }

            @Override public Object params(Ops ops, Var t) { return kernel.params(ops, t); }
        };
        assertTrue(kernel.at(theta) instanceof org.polymorph.materials.potential.SecondOrder, "sw has a second-order kernel");
        productsAgree(new FusedEnergy(ad, kernel, tri), new FusedEnergy(ad, autodiff, tri), tri, theta, 10);
    }

    /** The gradient primitive's JVP and VJP of {@code fast} and {@code slow} at (R, h, θ) along random tangents agree to 1e-10; returns (R, h, θ). */
    private Var[] productsAgree(FusedEnergy fast, FusedEnergy slow, Atoms tri, double[] theta, long seed) {
        Var[] x = {o.constant(tri.positions(), tri.size(), 3), o.constant(tri.box().h(), 3, 3), o.constant(theta, theta.length)};
        SplittableRandom rnd = new SplittableRandom(seed);
        Var[] t = new Var[3];
        for (int i = 0; i < 3; i++) {
            double[] v = ts.toDoubleArray(x[i].value());
            for (int k = 0; k < v.length; k++) v[k] = 2 * rnd.nextDouble() - 1;
            t[i] = o.constant(ts.fromArray(v, x[i].value().shape().toArray()));
        }
        Var[] jf = ad.jvp((Var[] v) -> fast.gradient(v[0], v[1], v[2]), x, t).tangent();
        Var[] js = ad.jvp((Var[] v) -> slow.gradient(v[0], v[1], v[2]), x, t).tangent();
        close(js[0], jf[0], 1e-10);
        close(js[1], jf[1], 1e-10);
        Var[] ct = {t[0], t[1]};
        Var[] vf = ad.vjp((Var[] v) -> fast.gradient(v[0], v[1], v[2]), x).pullback().apply(ct);
        Var[] vs = ad.vjp((Var[] v) -> slow.gradient(v[0], v[1], v[2]), x).pullback().apply(ct);
        for (int i = 0; i < 3; i++) close(vs[i], vf[i], 1e-10);
        return x;
    }

    @Test
    void registeredNamesAreRequired() {
        AD fresh = new AutodiffEngines().create(ts);
        Atoms fcc = Lattices.build("fcc", 1.5496, new int[] {2, 2, 2}, "A", 1.0);
        Var r = fresh.ops().constant(ts.fromArray(fcc.positions(), fcc.size(), 3));
        Var h = fresh.ops().constant(ts.fromArray(fcc.box().h(), 3, 3));
        Var th = fresh.ops().constant(new double[] {1.0, 1.0}, 2);
        FusedEnergy e = new FusedEnergy(fresh, lj(true), fcc);
        IllegalStateException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> e.energy(r, h, th));
        org.junit.jupiter.api.Assertions.assertTrue(ex.getMessage().contains(FusedEnergy.NAME), ex.getMessage());
    }
}
