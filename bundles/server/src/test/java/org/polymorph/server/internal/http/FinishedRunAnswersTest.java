package org.polymorph.server.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.server.internal.runs.RunRecord;
import org.polymorph.server.internal.runs.RunStatus;

class FinishedRunAnswersTest {
    private static final Instant T = Instant.parse("2026-12-06T09:00:00Z");

    private static RunRecord run(String id, RunStatus state, int attempts) {
        return new RunRecord(id, "test.count", Map.of("n", "3"), Path.of("/runs", id), state, 3, 3, "finished", T, T,
                state.done() ? T.plusSeconds(1) : null, true, attempts);
    }

    @Test
    void anAnswerServesOnlyTheRecordItWasMadeFor() {
        FinishedRunAnswers answers = new FinishedRunAnswers();
        byte[] json = {'{', '}'};
        answers.put(run("a", RunStatus.OK, 1), json);
        assertArrayEquals(json, answers.get(run("a", RunStatus.OK, 1)));
        assertNull(answers.get(run("a", RunStatus.OK, 2)), "resumed and finished again: a new answer");
        assertNull(answers.get(run("a", RunStatus.RUNNING, 2)));
        answers.put(run("b", RunStatus.RUNNING, 1), json);
        assertNull(answers.get(run("b", RunStatus.RUNNING, 1)), "a run still going is never kept");
    }

    @Test
    void keepsTheMostRecentlyAskedFor() {
        FinishedRunAnswers answers = new FinishedRunAnswers();
        byte[] json = {'{', '}'};
        answers.put(run("first", RunStatus.OK, 1), json);
        for (int k = 0; k < FinishedRunAnswers.KEPT; k++) {
            answers.put(run("r" + k, RunStatus.OK, 1), json);
            if (k % 10 == 0) answers.get(run("first", RunStatus.OK, 1));
        }
        assertNotNull(answers.get(run("first", RunStatus.OK, 1)), "asked for often: kept");
        assertNull(answers.get(run("r0", RunStatus.OK, 1)), "the least recently used went");
    }
}
