package org.polymorph.core.run;

import java.time.Instant;

/**
 * A state change or a progress report of one run.
 *
 * @param runId the run
 * @param state its state when the event was made
 * @param done units done (steps, images, epochs); 0 when unknown
 * @param total units in all; 0 or less when unknown
 * @param message the Method's last progress message; empty when the run starts, the error text when it fails
 * @param time when it happened
 */
public record RunEvent(String runId, RunState state, long done, long total, String message, Instant time) { }
