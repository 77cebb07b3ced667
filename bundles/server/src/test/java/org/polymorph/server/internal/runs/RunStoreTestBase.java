package org.polymorph.server.internal.runs;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of the run store: a fresh home folder, and the store under test shut down after each test. */
abstract class RunStoreTestBase {
    @TempDir
    Path home;
    /** The store under test (null until a test opens one). */
    ServerRuns runs;

    @AfterEach
    void stopStore() {
        if (runs != null) runs.shutdown(Fixture.WAIT);
    }
}
