package org.polymorph.materials.io;

import java.io.IOException;

/**
 * Appends frames to a trajectory; each {@link #write(Frame)} ends with a flush, so a reader (or a
 * crash) sees whole frames only up to the last write. {@link #close()} closes the underlying writer.
 */
@org.osgi.annotation.versioning.ProviderType
public interface FrameWriter extends AutoCloseable {
    void write(Frame frame) throws IOException;

    @Override void close() throws IOException;
}
