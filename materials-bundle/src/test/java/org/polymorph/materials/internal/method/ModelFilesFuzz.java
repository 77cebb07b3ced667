package org.polymorph.materials.internal.method;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.polymorph.core.method.BadInputException;
import org.polymorph.core.method.Params;
import org.polymorph.core.method.RunDirectory;
import org.polymorph.core.run.Checkpoint;
import org.polymorph.core.testing.ParserFuzzing;
import org.polymorph.materials.internal.mlpotential.NetworkFile;

/**
 * Jazzer fuzz target of the model and checkpoint files of the materials Methods, chosen by the input's first byte
 * (mod 4); the rest is the file or payload:
 * <ul>
 * <li>0: an {@code nn/bp} network file ({@link NetworkFile#read}); the last 8 bytes are replaced by the CRC-32 of the
 *     rest, so that mutations reach the entries behind the checksum. IllegalArgumentException naming the file.</li>
 * <li>1: the same file with its bytes as given (the checksum path).</li>
 * <li>2: an {@code md.run} checkpoint payload ({@link MdCheckpoint#fromBytes}, payload version 2): IOException.</li>
 * <li>3: an {@code ff.mlp} checkpoint payload ({@link MlpCheckpoint#restore}): BadInputException naming the file.</li>
 * </ul>
 * Seeds: {@code ModelFilesFuzzInputs/files/}, cut from the stored checkpoints and a small network file.
 */
class ModelFilesFuzz {
    static final ParserFuzzing FUZZ = new ParserFuzzing("ModelFilesFuzz");
    private static final RunDirectory DIR = runDirectory();

    @FuzzTest(maxDuration = "10s")
    void files(byte[] data) {
        if (data.length == 0) return;
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        FUZZ.input(rest);
        switch ((data[0] & 0xFF) % 4) {
            case 0 -> network(withCrc(rest));
            case 1 -> network(rest);
            case 2 -> FUZZ.check("md.run checkpoint payload", "", IOException.class, () -> MdCheckpoint.fromBytes(MdCheckpoint.VERSION, rest));
            default -> {
                Checkpoint c = new Checkpoint("ff.mlp", Map.of(), MlpCheckpoint.PAYLOAD_VERSION, rest);
                FUZZ.check("ff.mlp checkpoint payload", MlpCheckpoint.FILE, BadInputException.class,
                        () -> new MlpCheckpoint(DIR, null, Params.of(Map.of())).restore(c));
            }
        }
    }

    private static void network(byte[] bytes) {
        Path f = FUZZ.file("fuzzed.nnbp", bytes);
        FUZZ.check("nn/bp network file", "fuzzed.nnbp", IllegalArgumentException.class, () -> NetworkFile.read(f));
    }

    /** {@code b} with its last 8 bytes set to the big-endian CRC-32 of the bytes before them (ParamStore's trailer). */
    static byte[] withCrc(byte[] b) {
        if (b.length < 8) return b;
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        byte[] out = b.clone();
        ByteBuffer.wrap(out, b.length - 8, 8).putLong(crc.getValue());
        return out;
    }

    private static RunDirectory runDirectory() {
        try {
            return RunDirectory.create(Files.createTempDirectory("polymorph-fuzz-run-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void report() { FUZZ.writeReport(); }
}
