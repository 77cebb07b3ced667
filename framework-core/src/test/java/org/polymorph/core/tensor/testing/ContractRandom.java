package org.polymorph.core.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.TensorService;

/** normal and uniform: element i is a function of the key and i only (RandomKey.normal/uniform). */
public abstract class ContractRandom extends ContractSupport {
    private static final RandomKey KEY = RandomKey.of(20240521L);

    @Test
    void equalToTheReference() {
        agree("normal [3,4]", s -> s.normal(KEY, F64, 3, 4));
        agree("normal float32", s -> s.normal(KEY, F32, 5, 7));
        agree("normal scalar", s -> s.normal(KEY, F64));
        agree("normal size-0", s -> s.normal(KEY, F64, 0, 3));
        agree("uniform [-2, 5)", s -> s.uniform(KEY, F64, -2, 5, 4, 4));
        agree("uniform float32", s -> s.uniform(KEY, F32, 0, 1, 9));
        agree("normal large", s -> s.normal(KEY, F64, 300, 400));
        agree("uniform large", s -> s.uniform(KEY, F64, 1, 3, 200_000));
    }

    @Test
    void elementIIsKeyNormalOfI() {
        double[] v = service().toDoubleArray(service().normal(KEY, F64, 2, 3));
        for (int i = 0; i < v.length; i++) assertEquals(KEY.normal(i), v[i], 1e-15 * (1 + Math.abs(v[i])), "element " + i);
        double[] u = service().toDoubleArray(service().uniform(KEY, F64, -1, 3, 5));
        for (int i = 0; i < u.length; i++) assertEquals(-1 + 4 * KEY.uniform(i), u[i], 1e-15, "element " + i);
    }

    @Test
    void reproducibleAndSplitStreamsDiffer() {
        TensorService s = service();
        assertArrayEquals(s.toDoubleArray(s.normal(KEY, F64, 100)), s.toDoubleArray(s.normal(KEY, F64, 100)));
        RandomKey[] parts = KEY.split(2);
        double[] a = s.toDoubleArray(s.normal(parts[0], F64, 100));
        double[] b = s.toDoubleArray(s.normal(parts[1], F64, 100));
        double[] c = s.toDoubleArray(s.normal(KEY, F64, 100));
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(a, c));
        assertArrayEquals(a, s.toDoubleArray(s.normal(KEY.split(2)[0], F64, 100)), "split is deterministic");
    }

    @Test
    void saneMoments() {
        int n = 200_000;
        double[] z = service().toDoubleArray(service().normal(KEY, F64, n));
        double mean = Arrays.stream(z).average().orElseThrow();
        double var = Arrays.stream(z).map(x -> (x - mean) * (x - mean)).sum() / (n - 1);
        assertEquals(0, mean, 0.01, "normal mean");
        assertEquals(1, var, 0.02, "normal variance");
        double[] u = service().toDoubleArray(service().uniform(KEY.foldIn(7), F64, 2, 4, n));
        double um = Arrays.stream(u).average().orElseThrow();
        assertEquals(3, um, 0.01, "uniform mean");
        assertTrue(Arrays.stream(u).allMatch(x -> x >= 2 && x < 4), "uniform values in [2, 4)");
        double uv = Arrays.stream(u).map(x -> (x - um) * (x - um)).sum() / (n - 1);
        assertEquals(4.0 / 12, uv, 0.01, "uniform variance");
    }

    @Test
    void errors() {
        TensorService s = service();
        assertFails(IllegalArgumentException.class, () -> s.normal(KEY, DType.INT32, 3), "int32");
        assertFails(IllegalArgumentException.class, () -> s.uniform(KEY, DType.BOOL, 0, 1, 3));
        assertFails(IllegalArgumentException.class, () -> s.normal(KEY, F64, -1));
    }
}
