package org.polymorph.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Tensor;

/** States are immutable pytrees; updates are pure; trees are checked; updates are differentiable. */
class StateTest {
    private final AdTesting t = new AdTesting();

    /** A params record with a Tensor slot and a Var slot. */
    public record Linear(Tensor w, Var b) { }

    private List<Optimizer> all() {
        Schedule lr = Schedule.constant(0.1);
        return List.of(Optimizers.sgd(t.o, lr), Optimizers.momentum(t.o, lr, 0.9), Optimizers.nesterov(t.o, lr, 0.9),
                Optimizers.adam(t.o, lr, 0.9, 0.999, 1e-8), Optimizers.adamw(t.o, lr, 0.9, 0.999, 1e-8, 0.01),
                Optimizers.rmsprop(t.o, lr, 0.9, 1e-8, 0.5, true));
    }

    private Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("w", t.vec(1.0, -2.0));
        p.put("b", t.vec(0.5));
        return p;
    }

    private Map<String, Object> grads(double s) {
        return Map.of("w", t.vec(0.5 * s, -0.25 * s), "b", t.vec(0.1 * s));
    }

    private List<double[]> leafValues(Object tree) {
        List<double[]> out = new ArrayList<>();
        for (Var v : Trees.flatten(tree, t.o).leaves()) out.add(t.values(v));
        return out;
    }

    private static void assertSameValues(List<double[]> want, List<double[]> got, String what) {
        assertEquals(want.size(), got.size(), what + ": leaf count");
        for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), got.get(i), what + ": leaf " + i);
    }

    @Test
    void updateReturnsANewStateAndLeavesTheOldOneUnchanged() {
        for (Optimizer opt : all()) {
            Map<String, Object> p = params();
            OptState s0 = opt.init(p);
            assertEquals(0, s0.step(), opt + ": initial count");
            Update first = opt.update(grads(1), s0, p);
            OptState s1 = first.state();
            List<double[]> s1Before = leafValues(s1);
            Update second = opt.update(grads(2), s1, p);
            assertNotSame(s1, second.state(), opt.toString());
            assertEquals(1, s1.step(), opt + ": old state's count");
            assertEquals(2, second.state().step(), opt + ": new state's count");
            assertSameValues(s1Before, leafValues(s1), opt + ": old state after update");
            // purity: the same call on the old state gives the same result
            assertSameValues(leafValues(second.updates()), leafValues(opt.update(grads(2), s1, p).updates()), opt + ": rerun");
        }
    }

    @Test
    void stateIsAPytreeThatRoundTrips() {
        for (Optimizer opt : all()) {
            Map<String, Object> p = params();
            OptState s = opt.update(grads(1), opt.init(p), p).state();
            Trees.Flat flat = Trees.flatten(s, t.o);
            // a checkpoint: the leaves' values, restored as fresh constants
            List<Var> restored = new ArrayList<>();
            for (Var v : flat.leaves()) restored.add(t.o.constant(v.value()));
            OptState back = (OptState) Trees.unflatten(flat.def(), restored);
            assertEquals(s.getClass(), back.getClass(), opt.toString());
            assertSameValues(leafValues(opt.update(grads(3), s, p).updates()),
                    leafValues(opt.update(grads(3), back, p).updates()), opt + ": resumed from restored state");
        }
        Optimizer adam = Optimizers.adam(t.o, Schedule.constant(0.1), 0.9, 0.999, 1e-8);
        assertEquals(1 + 2 + 2, Trees.flatten(adam.init(params()), t.o).leaves().size(), "count + mu(w, b) + nu(w, b)");
    }

    @Test
    void recordParamsWithTensorLeaves() {
        Optimizer opt = Optimizers.adamw(t.o, Schedule.constant(0.1), 0.9, 0.999, 1e-8, 0.01);
        Linear p = new Linear(t.ts.fromArray(new double[] {1, 2}, 2), t.vec(3.0));
        Linear g = new Linear(t.ts.fromArray(new double[] {0.1, -0.1}, 2), t.vec(0.2));
        Update u = opt.update(g, opt.init(p), p);
        Linear next = opt.applyUpdates(p, u.updates());
        assertInstanceOf(Linear.class, u.updates());
        // first Adam step: mhat / sqrt(vhat) = sign(g) (eps aside); plus decoupled decay
        double[] w = t.ts.toDoubleArray(next.w());
        assertEquals(1 - 0.1 * (1 + 0.01 * 1), w[0], 1e-8);
        assertEquals(2 - 0.1 * (-1 + 0.01 * 2), w[1], 1e-8);
        assertEquals(3 - 0.1 * (1 + 0.01 * 3), next.b().item(), 1e-8);
    }

    @Test
    void mismatchesAreReported() {
        Optimizer adam = Optimizers.adam(t.o, Schedule.constant(0.1), 0.9, 0.999, 1e-8);
        Optimizer sgd = Optimizers.sgd(t.o, Schedule.constant(0.1));
        Map<String, Object> p = params();
        String wrongState = assertThrows(IllegalArgumentException.class,
                () -> adam.update(grads(1), sgd.init(p), p)).getMessage();
        assertTrue(wrongState.contains("adam") && wrongState.contains("AdamState"), wrongState);
        String wrongTree = assertThrows(IllegalArgumentException.class,
                () -> adam.update(List.of(t.vec(1.0, 2.0)), adam.init(p), p)).getMessage();
        assertTrue(wrongTree.contains("leaves"), wrongTree);
        Optimizer adamw = Optimizers.adamw(t.o, Schedule.constant(0.1), 0.9, 0.999, 1e-8, 0.1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adamw.update(grads(1), adamw.init(p), null))
                .getMessage().contains("params"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sgd.applyUpdates(p, List.of()))
                .getMessage().contains("leaves"));
    }

    @Test
    void anUpdateCanBeDifferentiatedThrough() {
        // L(x0) = f(x0 - lr * grad f(x0)), f = sum(a (x - c)^2)  =>  dL/dx0 = 2 a (1 - 2 a lr)^2 (x0 - c)
        double lr = 0.05;
        double[] a = {1.0, 3.0}, c = {0.5, -1.0}, x0 = {2.0, 1.0};
        Var av = t.vec(a), cv = t.vec(c);
        Function<Var, Var> f = x -> x.sub(cv).square().mul(av).sum();
        Optimizer opt = Optimizers.momentum(t.o, Schedule.constant(lr), 0.9);
        Function<Var, Var> afterOneStep = x -> {
            Update u = opt.update(t.ad.grad(f, x), opt.init(x), x);
            return f.apply(opt.applyUpdates(x, u.updates()));
        };
        Var g = t.ad.grad(afterOneStep, t.vec(x0));
        double[] want = new double[2];
        for (int j = 0; j < 2; j++) want[j] = 2 * a[j] * Math.pow(1 - 2 * a[j] * lr, 2) * (x0[j] - c[j]);
        t.assertClose(want, g, 1e-12);
    }
}
