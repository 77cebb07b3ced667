package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.materials.TestServices;
import org.polymorph.materials.internal.mlpotential.BehlerParrinello;
import org.polymorph.materials.internal.mlpotential.ForceMatching;
import org.polymorph.materials.internal.mlpotential.SymmetryFunctions;
import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The Behler–Parrinello kernel's second-order products (nn/bp, one element): a random network (hidden widths 5 and 4)
 * over five G² and six G⁴ functions at r_c = 4.2 Å (first and second neighbours of diamond Si), descriptors normalised
 * on the structure, with the fixed core repulsion on (A = 1500 eV, r_core = 2.3 Å, so that some displaced pairs are
 * inside it). H·v in positions and cell and both mixed products with the 89 weights and biases against five-point
 * differences of the fused forces and cell gradient to 1e-8 ({@link SecondOrderCheck}) on periodic, triclinic and free
 * structures; several tangents at once equal one at a time; the fused-energy primitive over {@link BehlerParrinello#family}
 * equals the autodiff route; the parameter vector round-trips through the Sequential pytree. The cost of one product
 * against one force evaluation on 512 atoms is printed.
 */
class NnBpSecondOrderTest {
    private static final double TOL = 1e-8;

    private final AD ad = TestServices.ad();
    private final Ops o = ad.ops();
    private final TensorService ts = o.tensors();
    private final SymmetryFunctions sf = SymmetryFunctions.grid(4.2, 5, 2.0, 0.05);

    /** Diamond Si, {@code cells}³ conventional cells, displaced by up to {@code amp} Å. */
    private static Atoms silicon(int cells, double amp, long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {cells, cells, cells}, "Si", 28.0855), amp, seed);
    }

    /** A random network with the descriptors of {@code on} normalised (mean and spread over its atoms) and the core on. */
    private BehlerParrinello model(Atoms on) {
        BehlerParrinello raw = BehlerParrinello.create(ad, sf, new int[] {5, 4}, RandomKey.of(7), new double[sf.count()], ones(sf.count()), -4.3, 0.2);
        double[][] norm = ForceMatching.normalisation(raw, List.of(new ForceMatching.Sample(on, 0, new double[3 * on.size()])));
        return raw.withNormalisation(norm[0], norm[1], -4.3, 0.2).withCore(1500, 2.3);
    }

    private static double[] ones(int k) {
        double[] v = new double[k];
        java.util.Arrays.fill(v, 1);
        return v;
    }

    private static Function<double[], Potential> family(BehlerParrinello model) { return model::withParameterVector; }

    @Test
    void productsEqualDifferencesOfItsForces() {
        Atoms si = SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {2, 2, 1}, "Si", 28.0855), 0.12, 51);
        BehlerParrinello model = model(si);
        double[] p = model.parameterVector();
        assertEquals(11 * 5 + 5 + 5 * 4 + 4 + 4 + 1, p.length, "weights and biases of 11 → 5 → 4 → 1");
        new SecondOrderCheck(family(model), p, si, 0.3, 51).check(TOL);
        new SecondOrderCheck(family(model), p, SecondOrderKernelsTest.triclinic(si, 0.12, -0.08, 0.1), 0.3, 52).check(TOL);
        new SecondOrderCheck(family(model), p, SecondOrderKernelsTest.free(si), 0.3, 53).check(TOL);
    }

    /** The network and descriptors alone (no core) on one triclinic conventional cell: neighbours through several images of each atom. */
    @Test
    void productsWithoutTheCoreOnASmallCell() {
        Atoms si = SecondOrderKernelsTest.triclinic(silicon(1, 0.15, 61), -0.1, 0.05, 0.15);
        BehlerParrinello raw = model(si);
        BehlerParrinello model = raw.withCore(0, 0);
        new SecondOrderCheck(family(model), model.parameterVector(), si, 0.3, 61).check(TOL);
    }

    @Test
    void parameterVectorIsTheSequentialPytreeInOrder() {
        BehlerParrinello model = model(silicon(1, 0.1, 71));
        double[] p = model.parameterVector();
        double[] flat = Trees.flatten(model.parameters(o), o).leaves().stream().flatMapToDouble(v -> java.util.Arrays.stream(ts.toDoubleArray(v.value()))).toArray();
        assertArrayEquals(flat, p, 0, "p is the pytree's leaves in order");
        Object rebuilt = model.family().params(o, o.constant(p, p.length));
        double[] again = Trees.flatten(rebuilt, o).leaves().stream().flatMapToDouble(v -> java.util.Arrays.stream(ts.toDoubleArray(v.value()))).toArray();
        assertArrayEquals(p, again, 0, "the family's pytree of θ = p");
        double[] q = p.clone();
        q[3] += 0.25;
        assertEquals(q[3], model.withParameterVector(q).parameterVector()[3], 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.withParameterVector(new double[5]));
        assertTrue(e.getMessage().contains("5 numbers") && e.getMessage().contains(p.length + " weights"), e.getMessage());
    }

    /** The gradient primitive's JVP and VJP over the family with the kernel's products equal the autodiff route, to 1e-10. */
    @Test
    void throughTheFusedPrimitive() {
        Atoms si = SecondOrderKernelsTest.triclinic(silicon(1, 0.1, 81), 0.1, 0, -0.1);
        BehlerParrinello model = model(si);
        FusedEnergy.Family fast = model.family();
        FusedEnergy.Family slow = new FusedEnergy.Family() {
            @Override public Potential at(double[] theta) { return fast.at(theta); }

            @Override public Object params(Ops ops, Var theta) { return fast.params(ops, theta); }
        };
        double[] theta = model.parameterVector();
        FusedEnergy kernel = new FusedEnergy(ad, fast, si), autodiff = new FusedEnergy(ad, slow, si);
        assertTrue(kernel.secondOrder(theta) != null, "the family's products come from the kernel");
        assertTrue(autodiff.secondOrder(theta) == null, "the reference takes the autodiff route");
        Var[] x = {o.constant(si.positions(), si.size(), 3), o.constant(si.box().h(), 3, 3), o.constant(theta, theta.length)};
        SplittableRandom rnd = new SplittableRandom(82);
        Var[] t = new Var[3];
        for (int i = 0; i < 3; i++) t[i] = o.constant(ts.fromArray(random(rnd, ts.toDoubleArray(x[i].value()).length), x[i].value().shape().toArray()));
        Var[] jf = ad.jvp((Var[] v) -> kernel.gradient(v[0], v[1], v[2]), x, t).tangent();
        Var[] js = ad.jvp((Var[] v) -> autodiff.gradient(v[0], v[1], v[2]), x, t).tangent();
        SecondOrderCheck.close(ts.toDoubleArray(js[0].value()), ts.toDoubleArray(jf[0].value()), 1e-10, "JVP, positions");
        SecondOrderCheck.close(ts.toDoubleArray(js[1].value()), ts.toDoubleArray(jf[1].value()), 1e-10, "JVP, cell");
        Var[] ct = {t[0], t[1]};
        Var[] vf = ad.vjp((Var[] v) -> kernel.gradient(v[0], v[1], v[2]), x).pullback().apply(ct);
        Var[] vs = ad.vjp((Var[] v) -> autodiff.gradient(v[0], v[1], v[2]), x).pullback().apply(ct);
        for (int i = 0; i < 3; i++) SecondOrderCheck.close(ts.toDoubleArray(vs[i].value()), ts.toDoubleArray(vf[i].value()), 1e-10, "VJP, operand " + i);
    }

    /** With a parameter tangent and the parameter row asked for together, the row is that of dX alone and outX has both parts. */
    @Test
    void parameterRowWithAParameterTangent() {
        Atoms si = silicon(1, 0.1, 95);
        BehlerParrinello model = model(si);
        NeighborList nl = new NeighborListBuilder(model.cutoff(), 0, false).build(si);
        Ghosts g = nl.ghosts();
        SplittableRandom rnd = new SplittableRandom(96);
        int ext = 3 * g.extended(), m = model.parameterCount();
        double[] dX = ExtendedTangents.spread(g, random(rnd, 3 * si.size()), null), dp = random(rnd, m);
        double[] both = new double[ext], row = new double[m];
        model.hessianProduct(si, nl, dX, dp, both, row);
        double[] xOnly = new double[ext], rowOnly = new double[m], pOnly = new double[ext];
        model.hessianProduct(si, nl, dX, null, xOnly, rowOnly);
        model.hessianProduct(si, nl, new double[ext], dp, pOnly, null);
        for (int i = 0; i < ext; i++) xOnly[i] += pOnly[i];
        SecondOrderCheck.close(xOnly, both, 1e-13, "∂²E/∂X²·dX + ∂²E/∂X∂p·dp");
        SecondOrderCheck.close(rowOnly, row, 0, "∂²E/∂p∂X·dX");
    }

    @Test
    void badTangentsAreNamed() {
        Atoms si = silicon(1, 0.1, 91);
        BehlerParrinello model = model(si);
        NeighborList nl = new NeighborListBuilder(model.cutoff(), 0, false).build(si);
        int ext = 3 * nl.ghosts().extended();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.hessianProduct(si, nl, new double[ext], new double[3], new double[ext], null));
        assertTrue(e.getMessage().contains("parameter tangent") && e.getMessage().contains("has 3 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.hessianProduct(si, nl, new double[ext - 3], null, new double[ext], null));
        assertTrue(e.getMessage().contains("extended atoms"), e.getMessage());
    }

    /**
     * One H·v (positions and weights) against one force evaluation on 512 displaced Si atoms: medians of nine rounds after
     * warm-up, the calls of a round back to back (so that a load on the machine falls on all of them alike); printed, with
     * the batched product's cost per tangent (eight tangents).
     */
    @Test
    void costAgainstTheForces() {
        Atoms si = silicon(4, 0.1, 101);
        BehlerParrinello model = model(si);
        NeighborList nl = new NeighborListBuilder(model.cutoff(), 0.3, false).build(si);
        Ghosts g = nl.ghosts();
        SplittableRandom rnd = new SplittableRandom(102);
        int ext = 3 * g.extended(), m = model.parameterCount(), batch = 8;
        double[] dX = ExtendedTangents.spread(g, random(rnd, 3 * si.size()), null), dp = random(rnd, m), out = new double[ext];
        double[][] dXs = new double[batch][], dps = new double[batch][], outs = new double[batch][ext];
        for (int b = 0; b < batch; b++) {
            dXs[b] = ExtendedTangents.spread(g, random(rnd, 3 * si.size()), null);
            dps[b] = random(rnd, m);
        }
        Runnable[] calls = {() -> model.compute(si, nl), () -> model.hessianProduct(si, nl, dX, dp, out, null),
                () -> model.hessianProducts(si, nl, dXs, dps, outs)};
        int rounds = 9;
        double[][] t = new double[calls.length][rounds];
        for (int k = -2; k < rounds; k++) {
            for (int c = 0; c < calls.length; c++) {
                long s = System.nanoTime();
                calls[c].run();
                if (k >= 0) t[c][k] = (System.nanoTime() - s) * 1e-9;
            }
        }
        for (double[] x : t) java.util.Arrays.sort(x);
        double force = t[0][rounds / 2], product = t[1][rounds / 2], batched = t[2][rounds / 2] / batch;
        System.out.printf("nn/bp, 512 atoms, r_c 4.2 Å, 11 descriptors, 11-5-4-1: force %.2f ms, H·v %.2f ms (%.2f× the force), "
                + "batched %.2f ms per tangent (%.2f×)%n", force * 1e3, product * 1e3, product / force, batched * 1e3, batched / force);
        double scale = 0;
        for (double v : out) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0 && Double.isFinite(scale), "the product is finite and not zero");
    }

    private static double[] random(SplittableRandom rnd, int k) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) v[i] = 2 * rnd.nextDouble() - 1;
        return v;
    }
}
