package org.polymorph.materials.internal.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.ValueAndGrad;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Schedule;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.task.OptimizationTask;

/** The relaxation tasks: finite loss, gradient = finite differences, pure in the key, Adam lowers them, known minima. */
class MaterialsTasksTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final AD ad = new AutodiffEngines().create(ts);
    private final Ops o = ad.ops();

    @Test
    void namesAndSizes() {
        assertEquals(List.of("lj_cluster_13", "lj_cluster_38", "sw_silicon_64"), MaterialsTasks.all().stream().map(OptimizationTask::name).toList());
        for (OptimizationTask t : MaterialsTasks.all()) assertEquals(t.parameterCount(), ((Var) t.init(o, RandomKey.of(0))).size(), t.name());
    }

    @Test
    void lossIsFiniteWithGradientsAsFiniteDifferencesAndPureInTheKey() {
        for (OptimizationTask t : MaterialsTasks.all()) {
            Var x = (Var) t.init(o, RandomKey.of(1));
            assertTrue(Double.isFinite(t.loss(o, x, List.of()).item()), t.name());
            int order = t.name().equals("lj_cluster_13") ? 2 : 1;
            new GradCheck(ad, 1e-6, 1e-6, 1e-6, 2).check(v -> t.loss(o, v[0], List.of()), new Var[] {x}, order);
            assertArrayEquals(values(x), values((Var) t.init(o, RandomKey.of(1))), 0.0, t.name());
            assertFalse(Arrays.equals(values(x), values((Var) t.init(o, RandomKey.of(2)))), t.name());
        }
    }

    @Test
    void ljStartsKeepTheAtomsApart() {
        double[] x = values((Var) new LjClusterTask(38).init(o, RandomKey.of(3)));
        for (int i = 0; i < 38; i++) {
            for (int j = 0; j < i; j++) {
                double d2 = 0;
                for (int k = 0; k < 3; k++) d2 += (x[3 * i + k] - x[3 * j + k]) * (x[3 * i + k] - x[3 * j + k]);
                assertTrue(d2 >= LjClusterTask.MIN_START_DISTANCE * LjClusterTask.MIN_START_DISTANCE, "atoms " + i + ", " + j);
            }
        }
    }

    @Test
    void adamLowersEveryLoss() {
        for (OptimizationTask t : MaterialsTasks.all()) {
            Optimizer adam = Optimizers.adam(o, Schedule.constant(t.family().equals("lj_cluster") ? 0.01 : 0.005), 0.9, 0.999, 1e-8);
            Object x = t.init(o, RandomKey.of(4));
            OptState s = adam.init(x);
            double first = t.loss(o, x, List.of()).item();
            for (int k = 0; k < 100; k++) {
                Object p = x;
                Update u = adam.update(ad.grad(v -> t.loss(o, v, List.of()), p), s, p);
                x = adam.applyUpdates(p, u.updates());
                s = u.state();
            }
            double last = t.loss(o, x, List.of()).item();
            assertTrue(last < first, t.name() + ": " + first + " -> " + last);
        }
    }

    /** Gradient descent from the Mackay icosahedron reaches LJ13's global minimum (Wales & Doye 1997). */
    @Test
    void lj13RelaxesToItsGlobalMinimum() {
        double phi = (1 + Math.sqrt(5)) / 2, radius = 1.09 / Math.sqrt(1 + phi * phi);
        List<double[]> atoms = new ArrayList<>(List.of(new double[3]));
        for (int s1 : new int[] {-1, 1}) {
            for (int s2 : new int[] {-1, 1}) {
                atoms.add(new double[] {0, s1, s2 * phi});
                atoms.add(new double[] {s1, s2 * phi, 0});
                atoms.add(new double[] {s2 * phi, 0, s1});
            }
        }
        assertEquals(-44.326801, descend(new LjClusterTask(13), atoms, radius, 1000), 1e-6);
    }

    /** Gradient descent from the fcc truncated octahedron reaches LJ38's global minimum (Wales & Doye 1997). */
    @Test
    void lj38RelaxesToItsGlobalMinimum() {
        // fcc sites (x + y + z even, nearest neighbours √2 apart) in the shells 1, √3, √5 around the octahedral hole (1, 0, 0)
        List<double[]> atoms = new ArrayList<>();
        for (int x = -2; x <= 4; x++) {
            for (int y = -3; y <= 3; y++) {
                for (int z = -3; z <= 3; z++) {
                    int d2 = (x - 1) * (x - 1) + y * y + z * z;
                    if ((x + y + z) % 2 == 0 && (d2 == 1 || d2 == 3 || d2 == 5)) atoms.add(new double[] {x - 1, y, z});
                }
            }
        }
        assertEquals(38, atoms.size());
        assertEquals(-173.928427, descend(new LjClusterTask(38), atoms, 1.1 / Math.sqrt(2), 2500), 1e-6);
    }

    @Test
    void perfectSiliconHasTheSwMinimum() {
        SiliconTask si = new SiliconTask(2);
        assertEquals(-4.3366, si.loss(o, o.constant(si.crystalPositions(), 192), List.of()).item(), 1e-4);   // -2ε per atom
        Var g = ad.grad(v -> si.loss(o, v, List.of()), o.constant(si.crystalPositions(), 192));
        for (double d : values(g)) assertEquals(0, d, 1e-10);
    }

    /** Fixed-step gradient descent (step 0.002 σ²/ε; 0.004 oscillates) of the scaled positions: the energy at the end. */
    private double descend(LjClusterTask task, List<double[]> atoms, double scale, int steps) {
        double[] x = new double[3 * atoms.size()];
        for (int i = 0; i < atoms.size(); i++) for (int k = 0; k < 3; k++) x[3 * i + k] = scale * atoms.get(i)[k];
        Var v = o.constant(x, x.length);
        double e = Double.NaN;
        for (int k = 0; k < steps; k++) {
            ValueAndGrad<Var> vg = ad.valueAndGrad(p -> task.loss(o, p, List.of()), v);
            e = vg.value().item();
            v = o.constant(ts.sub(v.value(), ts.mul(vg.grad().value(), ts.scalar(v.dtype(), 0.002))));
        }
        return e;
    }

    private double[] values(Var v) { return ts.toDoubleArray(v.value()); }
}
