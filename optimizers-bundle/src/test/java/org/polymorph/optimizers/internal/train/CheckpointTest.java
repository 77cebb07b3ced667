package org.polymorph.optimizers.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.autodiff.data.DatasetCatalogs;
import org.polymorph.optimizers.OptimizerCatalogs;
import org.polymorph.autodiff.AD;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.Tensor;
import org.polymorph.core.tensor.testing.ReferenceTensorService;

class CheckpointTest {
    private final ReferenceTensorService ts = new ReferenceTensorService();
    private final TrainMethod method = new TrainMethod(() -> ts, () -> new AutodiffEngines(), OptimizerCatalogs.classical(), DatasetCatalogs.standard());

    @TempDir
    Path tmp;

    @Test
    void roundTripsTensorsOfEveryDtypeExactly() throws Exception {
        Tensor f64 = ts.fromArray(new double[] {Math.PI, -1e-300, 3}, 3);
        Tensor f32 = ts.fromArray(new float[] {0.1f, -2.5f, 1e-30f, 7f}, 2, 2);
        Tensor i64 = ts.fromArray(new long[] {1L << 40}, new int[0]);
        Tensor i32 = ts.fromArray(new int[] {-3, 4}, 2);
        List<Row> history = List.of(new Row(1, 0.5, Double.NaN, Double.NaN), new Row(2, 0.25, 0.75, 0.5));
        Checkpoint ck = new Checkpoint(2, List.of(f64, f32), List.of(i64, i32), history);
        RunDirectory dir = RunDirectory.create(tmp);
        ck.write(ts, dir, method, Params.parse(method.id(), method.params(), Map.of("seed", "3", "hidden", "4,5")));
        Checkpoint back = Checkpoint.read(ts, tmp.resolve(Checkpoint.FILE));
        assertEquals(2, back.step());
        assertEquals(history, back.history());
        assertEquals(List.of(4L, 5L), org.polymorph.core.run.Checkpoint.read(tmp.resolve(Checkpoint.FILE)).params().get("hidden"));
        List<Tensor> all = List.of(f64, f32, i64, i32);
        List<Tensor> read = List.of(back.params().get(0), back.params().get(1), back.state().get(0), back.state().get(1));
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.get(i).dtype(), read.get(i).dtype());
            assertEquals(all.get(i).shape(), read.get(i).shape());
            assertArrayEquals(ts.toDoubleArray(all.get(i)), ts.toDoubleArray(read.get(i)), 0.0);
        }
        assertEquals(DType.INT64, back.state().get(0).dtype());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(Checkpoint.FILE), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void truncatedOrForeignFilesAreRejected() throws Exception {
        Checkpoint ck = new Checkpoint(1, List.of(ts.fromArray(new double[] {1, 2}, 2)), List.of(), List.of());
        ck.write(ts, RunDirectory.create(tmp), method, Params.parse(method.id(), method.params(), Map.of()));
        Path file = tmp.resolve(Checkpoint.FILE);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 12));
        IOException cut = assertThrows(IOException.class, () -> Checkpoint.read(ts, file));
        assertTrue(cut.getMessage().contains("truncated") || cut.getMessage().contains("damaged"), cut.getMessage());
        Files.writeString(file, "not a checkpoint at all");
        IOException foreign = assertThrows(IOException.class, () -> Checkpoint.read(ts, file));
        assertTrue(foreign.getMessage().contains("magic"), foreign.getMessage());
    }

    /** Payload bytes as {@link Checkpoint#write} lays them out: step, one tensor list, an empty one, history rows. */
    private static byte[] payload(String dtype, int[] shape, int historyRows) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(b)) {
            out.writeLong(3);
            out.writeInt(1);
            out.writeUTF(dtype);
            out.writeInt(shape.length);
            for (int d : shape) out.writeInt(d);
            out.writeDouble(1.5);
            out.writeInt(0);
            out.writeInt(historyRows);
        }
        return b.toByteArray();
    }

    @Test
    void damagedLengthsAndNamesAreErrorsNamingTheFileNotAllocations() throws Exception {
        Path file = Path.of("runs", "x", Checkpoint.FILE);
        // each was found by TrainCheckpointFuzz: a shape of 2^31-1 x 2^31-1 x 4 overflowed the size check and allocated, a history
        // length of 2^31-1 allocated before reading a row, a dtype name that is not UTF-8 escaped without the file
        for (byte[] damaged : List.of(payload("float64", new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, 4}, 0),
                payload("float64", new int[] {1 << 20}, 0), payload("float64", new int[] {1}, Integer.MAX_VALUE))) {
            org.polymorph.core.run.Checkpoint c = new org.polymorph.core.run.Checkpoint("nn.train", Map.of(), Checkpoint.VERSION, damaged);
            IOException e = assertThrows(IOException.class, () -> Checkpoint.of(ts, c, file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("damaged"), e.getMessage());
        }
        byte[] utf = payload("float64", new int[] {1}, 0);
        utf[14] = (byte) 0xC0;   // first byte of the dtype name: a two-byte lead without its continuation
        org.polymorph.core.run.Checkpoint c = new org.polymorph.core.run.Checkpoint("nn.train", Map.of(), Checkpoint.VERSION, utf);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.of(ts, c, file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("damaged"), e.getMessage());
    }
}
