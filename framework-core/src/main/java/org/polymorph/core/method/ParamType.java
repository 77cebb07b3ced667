package org.polymorph.core.method;

/** Types a parameter can have; lists are comma-separated on the command line. */
public enum ParamType {
    INT("integer"), DOUBLE("number"), BOOLEAN("boolean"), STRING("text"), PATH("file path"),
    CHOICE("one of"), INT_LIST("integer list"), DOUBLE_LIST("number list");

    private final String label;

    ParamType(String label) { this.label = label; }

    public String label() { return label; }
}
