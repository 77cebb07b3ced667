package org.polymorph.core.distributed;

/** A work item failed where it ran (not bad input, which stays a {@link org.polymorph.core.method.BadInputException}). */
public class WorkFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String item;
    private final String member;

    public WorkFailedException(String item, String member, String message, Throwable cause) {
        super("work item " + item + " failed on " + member + ": " + message, cause);
        this.item = item;
        this.member = member;
    }

    /** The failed item's id. */
    public String item() { return item; }

    /** The member it ran on. */
    public String member() { return member; }
}
