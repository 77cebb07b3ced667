package org.polymorph.analysis.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.runtime.PythonPeer;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.TensorService;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class NpyFilesTest {
    private final TensorService ts = new ReferenceTensorService();

    @Test
    void roundTripsEveryDtypeAndShape(@TempDir Path dir) throws IOException {
        List<Tensor> arrays = List.of(
                ts.normal(RandomKey.of(1), DType.FLOAT64, 3, 4, 2),
                ts.normal(RandomKey.of(2), DType.FLOAT32, 5),
                ts.fromArray(new long[] {Long.MIN_VALUE, -1, 0, 7, Long.MAX_VALUE, 3}, 2, 3),
                ts.fromArray(new int[] {-5, 6}, 2, 1),
                ts.fromArray(new boolean[] {true, false, true}, 3),
                ts.scalar(DType.FLOAT64, Math.PI),
                ts.zeros(DType.FLOAT64, 0, 3));
        for (int i = 0; i < arrays.size(); i++) {
            Tensor a = arrays.get(i);
            Path f = dir.resolve("a" + i + ".npy");
            NpyFiles.write(ts, f, a);
            Tensor b = NpyFiles.read(ts, f);
            assertEquals(a.dtype(), b.dtype(), "dtype " + i);
            assertEquals(a.shape(), b.shape(), "shape " + i);
            assertArrayEquals(ts.toDoubleArray(a), ts.toDoubleArray(b), "values " + i);
            assertEquals(0, (Files.size(f) - a.size() * width(a.dtype())) % 64, "header padded to 64 bytes");
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("0.w", arrays.get(0));
        m.put("x", arrays.get(2));
        NpyFiles.writeNpz(ts, dir.resolve("p.npz"), m);
        Map<String, Tensor> back = NpyFiles.readNpz(ts, dir.resolve("p.npz"));
        assertEquals(List.of("0.w", "x"), List.copyOf(back.keySet()));
        assertArrayEquals(ts.toDoubleArray(m.get("0.w")), ts.toDoubleArray(back.get("0.w")));
        assertArrayEquals(ts.toLongArray(m.get("x")), ts.toLongArray(back.get("x")));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void readsWhatNumpyWritesAndNumpyReadsOurs(@TempDir Path dir) {
        Map<String, Object> probe = PythonPeer.run("import json, numpy; print(json.dumps({}))", 1, 120, List.of("numpy"));
        Assumptions.assumeFalse(probe.containsKey("unavailable"), "numpy peer: " + probe.get("unavailable"));
        NpyFiles.write(ts, dir.resolve("ours.npy"), ts.fromArray(new double[] {1.5, -2, 3.25, 1e-300, 7, 8}, 3, 2));
        String script = String.join("\n",
                "import json, numpy as np",
                "d = '" + dir.toAbsolutePath() + "'",
                "a = np.arange(24, dtype='<f8').reshape(2, 3, 4) / 7",
                "np.save(d + '/f8.npy', a)",
                "np.save(d + '/f4.npy', a.astype('<f4'))",
                "np.save(d + '/i8.npy', np.arange(-3, 3, dtype='<i8').reshape(3, 2))",
                "np.save(d + '/fortran.npy', np.asfortranarray(a))",
                "with open(d + '/v2.npy', 'wb') as f: np.lib.format.write_array(f, a, version=(2, 0))",
                "np.save(d + '/big.npy', a.astype('>f8'))",
                "np.save(d + '/complex.npy', a.astype(np.complex128))",
                "np.savez(d + '/plain.npz', w=a, b=np.ones(3))",
                "np.savez_compressed(d + '/packed.npz', w=a)",
                "o = np.load(d + '/ours.npy')",
                "print(json.dumps({'ours': o.ravel().tolist(), 'shape': list(o.shape), 'dtype': str(o.dtype)}))");
        Map<String, Object> r = PythonPeer.run(script, 1, 120, List.of("numpy"));
        assertFalse(r.containsKey("unavailable"), String.valueOf(r.get("unavailable")));
        assertEquals(List.of(3L, 2L), ((List<?>) r.get("shape")).stream().map(v -> ((Number) v).longValue()).toList());
        assertEquals("float64", r.get("dtype"));
        assertEquals(1e-300, ((Number) ((List<?>) r.get("ours")).get(3)).doubleValue());

        double[] want = new double[24];
        for (int i = 0; i < 24; i++) want[i] = i / 7.0;
        for (String name : List.of("f8", "fortran", "v2")) {
            Tensor t = NpyFiles.read(ts, dir.resolve(name + ".npy"));
            assertEquals(DType.FLOAT64, t.dtype(), name);
            assertArrayEquals(new int[] {2, 3, 4}, t.shape().toArray(), name);
            assertArrayEquals(want, ts.toDoubleArray(t), 0, name);
        }
        Tensor f4 = NpyFiles.read(ts, dir.resolve("f4.npy"));
        assertEquals(DType.FLOAT32, f4.dtype());
        assertArrayEquals(want, ts.toDoubleArray(f4), 1e-6);
        Tensor i8 = NpyFiles.read(ts, dir.resolve("i8.npy"));
        assertEquals(DType.INT64, i8.dtype());
        assertArrayEquals(new long[] {-3, -2, -1, 0, 1, 2}, ts.toLongArray(i8));
        Map<String, Tensor> plain = NpyFiles.readNpz(ts, dir.resolve("plain.npz"));
        assertEquals(setOf("w", "b"), plain.keySet());
        assertArrayEquals(want, ts.toDoubleArray(plain.get("w")), 0);
        assertArrayEquals(want, ts.toDoubleArray(NpyFiles.readNpz(ts, dir.resolve("packed.npz")).get("w")), 0);

        BadInputException big = assertThrows(BadInputException.class, () -> NpyFiles.read(ts, dir.resolve("big.npy")));
        assertTrue(big.getMessage().contains("big-endian") && big.getMessage().contains("astype('<f8')"), big.getMessage());
        BadInputException cx = assertThrows(BadInputException.class, () -> NpyFiles.read(ts, dir.resolve("complex.npy")));
        assertTrue(cx.getMessage().contains("'<c16'"), cx.getMessage());
    }

    @Test
    void refusesBadFilesWithClearMessages(@TempDir Path dir) throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> NpyFiles.read(ts, dir.resolve("none.npy")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Files.writeString(dir.resolve("text.npy"), "hello, I am not an array");
        e = assertThrows(BadInputException.class, () -> NpyFiles.read(ts, dir.resolve("text.npy")));
        assertTrue(e.getMessage().contains("not an .npy file") && e.getMessage().contains("numpy.save"), e.getMessage());
        NpyFiles.write(ts, dir.resolve("ok.npy"), ts.ones(DType.FLOAT64, 4, 4));
        byte[] b = Files.readAllBytes(dir.resolve("ok.npy"));
        Files.write(dir.resolve("cut.npy"), Arrays.copyOf(b, b.length - 8));
        e = assertThrows(BadInputException.class, () -> NpyFiles.read(ts, dir.resolve("cut.npy")));
        assertTrue(e.getMessage().contains("120 data bytes") && e.getMessage().contains("16 values"), e.getMessage());
        byte[] v9 = b.clone();
        v9[6] = 9;
        Files.write(dir.resolve("v9.npy"), v9);
        e = assertThrows(BadInputException.class, () -> NpyFiles.read(ts, dir.resolve("v9.npy")));
        assertTrue(e.getMessage().contains("version 9.0"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> NpyFiles.readNpz(ts, dir.resolve("ok.npy")));
        assertTrue(e.getMessage().contains("not an .npz archive"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    @Test
    void paramsLayoutFlattensAndUnflattensWithShapeChecks() {
        Network net = new Network(NetworkSpec.parse("conv(out=2,kernel=2),relu,flatten,dense(out=3)"), new int[] {3, 3, 1});
        List<Map<String, Tensor>> p = net.init(ts, RandomKey.of(4));
        Map<String, Tensor> flat = NpyFiles.flatten(p);
        assertEquals(List.of("0.w", "0.b", "3.w", "3.b"), List.copyOf(flat.keySet()));
        List<Map<String, Tensor>> back = NpyFiles.unflatten(flat, net);
        assertEquals(p.size(), back.size());
        for (int i = 0; i < p.size(); i++) {
            assertEquals(p.get(i).keySet(), back.get(i).keySet());
            for (String k : p.get(i).keySet()) assertArrayEquals(ts.toDoubleArray(p.get(i).get(k)), ts.toDoubleArray(back.get(i).get(k)));
        }
        Map<String, Tensor> missing = new LinkedHashMap<>(flat);
        missing.remove("3.b");
        BadInputException e = assertThrows(BadInputException.class, () -> NpyFiles.unflatten(missing, net));
        assertTrue(e.getMessage().contains("'3.b'") && e.getMessage().contains("missing") && e.getMessage().contains("[3]"), e.getMessage());
        Map<String, Tensor> wrong = new LinkedHashMap<>(flat);
        wrong.put("3.w", ts.zeros(DType.FLOAT64, 3, 8));
        e = assertThrows(BadInputException.class, () -> NpyFiles.unflatten(wrong, net));
        assertTrue(e.getMessage().contains("[8, 3]") && e.getMessage().contains("(in, out)"), e.getMessage());
        Map<String, Tensor> extra = new LinkedHashMap<>(flat);
        extra.put("1.w", ts.zeros(DType.FLOAT64, 1));
        e = assertThrows(BadInputException.class, () -> NpyFiles.unflatten(extra, net));
        assertTrue(e.getMessage().contains("[1.w]"), e.getMessage());
    }

    private static java.util.Set<String> setOf(String... s) { return java.util.Set.of(s); }

    private static int width(DType d) {
        return switch (d) {
            case FLOAT64, INT64 -> 8;
            case FLOAT32, INT32 -> 4;
            default -> 1;
        };
    }
}
