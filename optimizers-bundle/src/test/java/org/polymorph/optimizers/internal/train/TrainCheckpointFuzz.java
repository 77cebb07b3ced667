package org.polymorph.optimizers.internal.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.core.testing.ParserFuzzing;

/**
 * Jazzer fuzz target of the {@code nn.train} checkpoint payload ({@link Checkpoint#of}: the step, the parameter and
 * optimizer-state tensors and the history rows behind the core header, which {@code CoreInputsFuzz} fuzzes). It must
 * give the state or an IOException naming the file (see {@link ParserFuzzing}). Seed: the payload of the stored
 * {@code checkpoints/nn.train/checkpoint.bin} fixture, in {@code TrainCheckpointFuzzInputs/payload/}.
 */
class TrainCheckpointFuzz {
    static final ParserFuzzing FUZZ = new ParserFuzzing("TrainCheckpointFuzz");
    private static final ReferenceTensorService TS = new ReferenceTensorService();
    private static final Path FILE = Path.of("runs", "fuzzed", Checkpoint.FILE);

    @FuzzTest(maxDuration = "10s")
    void payload(byte[] data) {
        FUZZ.input(data);
        org.polymorph.core.run.Checkpoint c = new org.polymorph.core.run.Checkpoint("nn.train", Map.of(), Checkpoint.VERSION, data);
        FUZZ.check("nn.train checkpoint payload", FILE.toString(), IOException.class, () -> Checkpoint.of(TS, c, FILE));
    }

    @AfterAll
    static void report() { FUZZ.writeReport(); }
}
