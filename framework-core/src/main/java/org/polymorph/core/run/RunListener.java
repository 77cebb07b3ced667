package org.polymorph.core.run;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a run's events in order, on the thread that made them (the run's thread for progress); it
 * must return quickly and not block. An exception it throws is logged and does not affect the run.
 */
@ConsumerType
@FunctionalInterface
public interface RunListener {
    void onEvent(RunEvent event);
}
