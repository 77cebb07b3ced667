package org.polymorph.materials.io;

import java.util.Iterator;

/**
 * Reads a multi-frame file one frame at a time (only the current frame is held in memory).
 * {@link #next()} throws IllegalArgumentException naming the file and line for a malformed frame
 * and {@link java.io.UncheckedIOException} for an I/O failure. Close it (try-with-resources).
 */
@org.osgi.annotation.versioning.ProviderType
public interface FrameReader extends Iterator<Frame>, AutoCloseable {
    @Override void close();
}
