package org.polymorph.materials.internal.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;

/**
 * Damaged checkpoint payloads of md.run and ff.mlp end in the reader's own error, never in an allocation out of
 * proportion to the file or a Java class name (the cases ModelFilesFuzz found, on the stored md.run fixture).
 */
class DamagedCheckpointTest {
    @TempDir Path tmp;

    private static byte[] storedMdPayload() throws IOException {
        try (InputStream in = DamagedCheckpointTest.class.getResourceAsStream("/checkpoints/md.run/" + MdCheckpoint.FILE)) {
            Path f = Files.createTempFile("md-run", ".bin");
            Files.write(f, in.readAllBytes());
            Checkpoint c = Checkpoint.read(f);
            assertEquals(MdCheckpoint.VERSION, c.payloadVersion());
            return c.payload();
        }
    }

    @Test
    void theStoredPayloadReads() throws IOException {
        MdCheckpoint c = MdCheckpoint.fromBytes(MdCheckpoint.VERSION, storedMdPayload());
        assertTrue(c.state().atoms().size() > 0);
    }

    @Test
    void aDamagedLengthIsAnErrorNotAnAllocation() throws IOException {
        byte[] p = storedMdPayload();
        ByteBuffer.wrap(p).putInt(16, Integer.MAX_VALUE);      // the positions' length, after the two file lengths
        IOException e = assertThrows(IOException.class, () -> MdCheckpoint.fromBytes(MdCheckpoint.VERSION, p));
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("2147483647"), e.getMessage());
        ByteBuffer.wrap(p).putInt(16, -3);
        e = assertThrows(IOException.class, () -> MdCheckpoint.fromBytes(MdCheckpoint.VERSION, p));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void aTruncatedPayloadSaysSo() throws IOException {
        byte[] p = java.util.Arrays.copyOf(storedMdPayload(), 18);   // ends inside the positions' length
        IOException e = assertThrows(IOException.class, () -> MdCheckpoint.fromBytes(MdCheckpoint.VERSION, p));
        assertTrue(e.getMessage() != null && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void anUnknownUnitSystemOrInconsistentAtomsAreDamageWithoutClassNames() throws IOException {
        byte[] p = storedMdPayload();
        String tail = new String(p, p.length - 8 - 5, 5, StandardCharsets.US_ASCII);
        assertEquals("METAL", tail);
        p[p.length - 8 - 5] = 'X';
        IOException e = assertThrows(IOException.class, () -> MdCheckpoint.fromBytes(MdCheckpoint.VERSION, p));
        assertTrue(e.getMessage().contains("unknown unit system 'XETAL'") && !e.getMessage().contains("org.polymorph"), e.getMessage());
        byte[] q = storedMdPayload();
        int n = ByteBuffer.wrap(q).getInt(16);
        ByteBuffer.wrap(q).putInt(16 + 4 + 8 * n + 4, 10752);  // the first atom's type
        e = assertThrows(IOException.class, () -> MdCheckpoint.fromBytes(MdCheckpoint.VERSION, q));
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("10752"), e.getMessage());
    }

    @Test
    void aDamagedMlpPayloadIsBadInputNamingTheFile() throws IOException {
        MlpCheckpoint cp = new MlpCheckpoint(RunDirectory.create(tmp), null, Params.of(Map.of()));
        byte[] json = "{\"train_step\": \"x\", \"train_loss\": [], \"curves\": {}, \"round\": 0, \"rounds\": []}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length).putInt(json.length).put(json).putInt(0);
        Checkpoint c = new Checkpoint("ff.mlp", Map.of(), MlpCheckpoint.PAYLOAD_VERSION, b.array());
        BadInputException e = assertThrows(BadInputException.class, () -> cp.restore(c));
        assertTrue(e.getMessage().contains(MlpCheckpoint.FILE) && !e.getMessage().contains("java.lang"), e.getMessage());
    }

    @Test
    void aNetworkFileWithBadSymmetryFunctionsIsAnErrorNamingTheFile() throws IOException {
        // found by ModelFilesFuzz: the symmetry functions' own check escaped without the file
        byte[] seed;
        try (InputStream in = getClass().getResourceAsStream("ModelFilesFuzzInputs/files/network-crc")) {
            seed = in.readAllBytes();
        }
        byte[] net = java.util.Arrays.copyOfRange(seed, 1, seed.length);
        byte[] name = "angular".getBytes(StandardCharsets.US_ASCII);
        int at = 0;
        while (!java.util.Arrays.equals(net, at, at + name.length, name, 0, name.length)) at++;
        ByteBuffer.wrap(net).putDouble(at + name.length + 2 + 8, 1.5);      // zeta of the first G4 function: not an integer
        Path f = tmp.resolve("bad.nnbp");
        Files.write(f, ModelFilesFuzz.withCrc(net));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> org.polymorph.materials.internal.mlpotential.NetworkFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("zeta"), e.getMessage());
    }
}
