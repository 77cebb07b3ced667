package org.polymorph.shell.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.run.testing.FakeMethods;

class ResumeHintTest {
    @Test
    void aCheckpointingMethodIsContinuedWithResumeAndItsRunDirectory() {
        assertEquals("to continue: run test.steps steps=100 step_ms=5 resume=true --out /tmp/runs/r1",
                ResumeHint.of(FakeMethods.steps(), "test.steps", List.of("steps=100", "resume=false", "step_ms=5"),
                        Path.of("/tmp/runs/r1")));
    }

    @Test
    void aMethodWithoutCheckpointStartsOver() {
        assertEquals("test.sum keeps no checkpoint: run it again to start over",
                ResumeHint.of(FakeMethods.sum(), "test.sum", List.of("n=3"), Path.of("/tmp/runs/r2")));
    }
}
