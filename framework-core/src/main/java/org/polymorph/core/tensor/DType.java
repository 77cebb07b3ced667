package org.polymorph.core.tensor;

/** Element types. Floating types take part in arithmetic; BOOL is produced by comparisons. */
public enum DType {
    FLOAT64("float64", 8, true),
    FLOAT32("float32", 4, true),
    INT32("int32", 4, false),
    INT64("int64", 8, false),
    BOOL("bool", 1, false);

    private final String id;
    private final int bytes;
    private final boolean floating;

    DType(String id, int bytes, boolean floating) {
        this.id = id;
        this.bytes = bytes;
        this.floating = floating;
    }

    /** NumPy-style name, e.g. {@code float64}. */
    public String id() { return id; }

    /** Size of one element in bytes. */
    public int byteSize() { return bytes; }

    public boolean isFloating() { return floating; }

    public boolean isInteger() { return this == INT32 || this == INT64; }

    /** Parses a NumPy-style name ({@code float64}, {@code f64}, {@code double}, …). */
    public static DType parse(String name) {
        switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "float64": case "f64": case "double": return FLOAT64;
            case "float32": case "f32": case "float": return FLOAT32;
            case "int32": case "i32": case "int": return INT32;
            case "int64": case "i64": case "long": return INT64;
            case "bool": case "boolean": return BOOL;
            default: throw new IllegalArgumentException("unknown dtype '" + name
                    + "'; use one of float64, float32, int32, int64, bool");
        }
    }

    @Override public String toString() { return id; }
}
