package org.polymorph.autodiff.nn;

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
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;

class ParamStoreTest {
    private final NnTesting n = new NnTesting();
    private final AdTesting t = n.t;
    private final ParamStore store = new ParamStore(t.o);
    private final Layer net = Sequential.serial(new Dense(4), new BatchNorm(), Activation.relu(), new Dense(2));

    @TempDir
    Path dir;

    private Layer.Init init() { return n.init(net, 3, 5, 3); }

    @Test
    void roundTripKeepsStructureValuesAndNames() throws IOException {
        Layer.Init init = init();
        Path file = dir.resolve("model.params");
        store.save(file, init.params());
        Object back = store.load(file, init.params());
        List<Var> a = Trees.flatten(init.params(), t.o).leaves();
        List<Var> b = Trees.flatten(back, t.o).leaves();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) t.assertClose(a.get(i), b.get(i), 0);
        assertTrue(((List<?>) back).get(0) instanceof Dense.Params);
        assertEquals(List.of("0/w", "0/b", "1/scale", "1/offset", "3/w", "3/b"), List.copyOf(store.read(file).keySet()));
        // state and mixed dtypes
        Path sfile = dir.resolve("state.params");
        Map<String, Object> mixed = Map.of("ids", t.o.constant(t.ts.fromArray(new int[] {3, -1}, 2)), "state", init.state());
        store.save(sfile, mixed);
        Map<?, ?> m = store.load(sfile, mixed);
        assertEquals(Arrays.toString(new int[] {3, -1}), Arrays.toString(t.ts.toIntArray(((Var) m.get("ids")).value())));
        // overwrite in place leaves no temporary files behind
        store.save(file, init.params());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void corruptTruncatedAndForeignFilesNameTheFile() throws IOException {
        Path file = dir.resolve("model.params");
        store.save(file, init().params());
        byte[] data = Files.readAllBytes(file);

        Path flipped = dir.resolve("flipped.params");
        byte[] bad = data.clone();
        bad[data.length / 2] ^= 0x10;
        Files.write(flipped, bad);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.load(flipped, init().params()));
        assertTrue(e.getMessage().contains(flipped.toString()) && e.getMessage().contains("checksum"), e.getMessage());

        Path cut = dir.resolve("cut.params");
        Files.write(cut, Arrays.copyOf(data, data.length - 13));
        e = assertThrows(IllegalArgumentException.class, () -> store.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());

        Path tiny = dir.resolve("tiny.params");
        Files.write(tiny, Arrays.copyOf(data, 10));
        e = assertThrows(IllegalArgumentException.class, () -> store.read(tiny));
        assertTrue(e.getMessage().contains(tiny.toString()), e.getMessage());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a parameter file at all, just text");
        e = assertThrows(IllegalArgumentException.class, () -> store.read(text));
        assertTrue(e.getMessage().contains(text.toString()) && e.getMessage().contains("magic"), e.getMessage());

        assertThrows(IOException.class, () -> store.read(dir.resolve("missing.params")));
    }

    @Test
    void loadRejectsAMismatchedTree() throws IOException {
        Path file = dir.resolve("model.params");
        store.save(file, init().params());
        Layer other = Sequential.serial(new Dense(5), new BatchNorm(), Activation.relu(), new Dense(2));
        Object like = n.init(other, 3, 5, 3).params();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.load(file, like));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("0/w"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> store.load(file, Map.of("w", t.vec(1))));
        assertTrue(e2.getMessage().contains("missing"), e2.getMessage());
    }
}
