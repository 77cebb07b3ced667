package org.polymorph.materials.internal.m3gnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state.pt reader on matgl's files, and on truncated and corrupted copies of them. */
class TorchStateTest {
    private static final Path STATE = M3gnetTest.MP.resolve("state.pt");

    @TempDir Path tmp;

    /** 115 tensors and 296,171 values (as torch.load counts them); values checked against torch 1.13's reading. */
    @Test
    void readsMatglStateDict() throws IOException {
        Map<String, TorchState.Array> sd = TorchState.read(STATE);
        assertEquals(115, sd.size());
        long total = 0;
        for (TorchState.Array a : sd.values()) total += a.values().length;
        assertEquals(296_171, total);
        assertEquals(4.5861334800720215, sd.get("data_std").values()[0], 0);
        assertEquals(0, sd.get("data_std").shape().length);
        assertArrayEquals(new int[] {89, 64}, sd.get("model.embedding.layer_node_embedding.weight").shape());
        assertEquals(0.17732158303260803, sd.get("model.embedding.layer_node_embedding.weight").values()[0], 1e-16);
        assertEquals(-7.931159496307373, sd.get("element_refs.property_offset").values()[13], 0);      // Si
        assertArrayEquals(new int[] {64, 192}, sd.get("model.graph_layers.0.conv.edge_update_func.layers.0.weight").shape());
    }

    /** Every truncation is an IOException or IllegalArgumentException, never another exception, never a hang. */
    @Test
    void truncatedFilesFailCleanly() throws IOException {
        byte[] full = Files.readAllBytes(STATE);
        Random rnd = new Random(3);
        for (int k = 0; k < 40; k++) {
            int len = k < 8 ? k * 64 : rnd.nextInt(full.length);
            byte[] cut = java.util.Arrays.copyOf(full, len);
            expectCleanFailureOrSuccess(cut, "truncated to " + len, true);
        }
    }

    /** Random byte flips anywhere, and inside the pickle, fail cleanly (or still read, if they hit unused bytes). */
    @Test
    void corruptedFilesFailCleanly() throws IOException {
        byte[] full = Files.readAllBytes(STATE);
        int pickle = indexOf(full, "state/data.pkl".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + 30 + "state/data.pkl".length();
        Random rnd = new Random(5);
        for (int k = 0; k < 120; k++) {
            byte[] bad = full.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = k % 2 == 0 ? rnd.nextInt(full.length) : pickle + rnd.nextInt(8000);
                bad[at] = (byte) rnd.nextInt(256);
            }
            expectCleanFailureOrSuccess(bad, "corruption " + k, false);
        }
    }

    @Test
    void foreignFilesAreRejected() throws IOException {
        Path text = tmp.resolve("x.pt");
        Files.writeString(text, "not a zip at all");
        assertThrows(IOException.class, () -> TorchState.read(text));
        // a pickle that would call os.system('ls') when unpickled by Python: rejected, nothing called
        byte[] pkl = {(byte) 0x80, 2, 'c', 'o', 's', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', 'X', 2, 0, 0, 0, 'l', 's', (byte) 0x85, 'R', '.'};
        Path zip = tmp.resolve("evil.pt");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("archive/data.pkl"));
            out.write(pkl);
            out.closeEntry();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchState.read(zip));
        assertEquals(true, e.getMessage().contains("os.system"), e.getMessage());
    }

    private void expectCleanFailureOrSuccess(byte[] bytes, String what, boolean mustFail) throws IOException {
        Path p = tmp.resolve("state.pt");
        Files.write(p, bytes);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                TorchState.read(p);
                if (mustFail) fail(what + ": read without error");
            } catch (IOException | IllegalArgumentException expected) {
                // a clean failure
            } catch (RuntimeException | OutOfMemoryError e) {
                throw new AssertionError(what + ": " + e, e);
            }
        }, what);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) if (hay[i + k] != needle[k]) continue outer;
            return i;
        }
        return -1;
    }
}
