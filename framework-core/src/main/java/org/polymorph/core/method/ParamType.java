package org.polymorph.core.method;

/**
 * Types a parameter can have; lists are comma-separated on the command line, and the items of a list of
 * number lists are separated by {@value ListSyntax#ITEM_SEPARATOR} ({@link ListSyntax}). PATH and FILES name input
 * files: the run engine records each with its SHA-256 in result.json.
 */
public enum ParamType {
    INT("integer"), DOUBLE("number"), BOOLEAN("boolean"), STRING("text"), PATH("file path"),
    CHOICE("one of"), INT_LIST("integer list"), DOUBLE_LIST("number list"), FILES("file list"),
    /** @since 1.4.0 */
    DOUBLE_LISTS("number lists");

    private final String label;

    ParamType(String label) { this.label = label; }

    public String label() { return label; }
}
