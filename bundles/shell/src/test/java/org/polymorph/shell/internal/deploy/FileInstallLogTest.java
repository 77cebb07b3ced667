package org.polymorph.shell.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Logger;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** FileInstall's java.util.logging records reach Log4j at the matching level, printed once. */
class FileInstallLogTest {
    @Test
    void levelsMapOntoLog4j() {
        assertEquals(Level.ERROR, FileInstallLog.level(java.util.logging.Level.SEVERE));
        assertEquals(Level.WARN, FileInstallLog.level(java.util.logging.Level.WARNING));
        assertEquals(Level.INFO, FileInstallLog.level(java.util.logging.Level.INFO));
        assertEquals(Level.DEBUG, FileInstallLog.level(java.util.logging.Level.FINE));
        assertEquals(Level.TRACE, FileInstallLog.level(java.util.logging.Level.FINEST));
    }

    @Test
    void anErrorsLineEndsWithTheMessageOfItsRootCause() {
        Exception e = new Exception("Activator start error in bundle test.boom [12].",
                new IllegalStateException("the calibration table is missing"));
        assertEquals("Error while starting bundle: file:/d/boom.jar: the calibration table is missing",
                FileInstallLog.withCause("Error while starting bundle: file:/d/boom.jar", e));
        assertEquals("Installing bundle test.ok / 1.0.0", FileInstallLog.withCause("Installing bundle test.ok / 1.0.0", null));
    }

    @Test
    void attachedItIsFileInstallsOnlyHandlerAndDetachedItLeavesNothing() {
        Logger jul = Logger.getLogger(FileInstallLog.JUL_LOGGER);
        FileInstallLog bridge = FileInstallLog.attach();
        try {
            assertTrue(java.util.Arrays.asList(jul.getHandlers()).contains(bridge));
            assertFalse(jul.getUseParentHandlers(), "JUL's console handler would print each record a second time");
        } finally {
            bridge.detach();
        }
        assertFalse(java.util.Arrays.asList(jul.getHandlers()).contains(bridge));
        assertTrue(jul.getUseParentHandlers());
    }
}
