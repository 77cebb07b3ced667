package org.polymorph.core.method;

/**
 * A run stopped because it was cancelled (a user's cancel or an interrupt). The message says where
 * it stopped and, for a method with a checkpoint, that {@code resume=true} continues from there.
 * The CLI exits with code 1 on it and result.json records the status "cancelled".
 */
public class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) { super(message); }
}
