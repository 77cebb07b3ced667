package org.polymorph.gpu.cuda.internal;

import java.util.ArrayList;
import java.util.List;
import org.polymorph.core.tensor.DType;

/**
 * The arguments of one kernel launch, in the order of the kernel's parameters, each with its C type:
 * {@code ptr} a device address (any {@code T*}), {@code i32} an {@code int}, {@code i64} a
 * {@code long long}, {@code f32} a {@code float}, {@code f64} a {@code double}.
 * <pre>{@code KernelArgs.of().i32(op).i64(n).i32(rank).ptr(meta).ptr(a).i64(0)...}</pre>
 */
public final class KernelArgs {
    /** The C type of one argument. */
    public enum Kind {
        PTR(8), I32(4), I64(8), F32(4), F64(8);

        private final int bytes;

        Kind(int bytes) { this.bytes = bytes; }

        /** The argument's size in bytes. */
        public int bytes() { return bytes; }
    }

    private final List<Kind> kinds = new ArrayList<>();
    private final List<Long> bits = new ArrayList<>();

    private KernelArgs() { }

    /** An empty argument list. */
    public static KernelArgs of() { return new KernelArgs(); }

    private KernelArgs add(Kind kind, long value) {
        kinds.add(kind);
        bits.add(value);
        return this;
    }

    /** A device address (a handle, possibly plus a byte offset; 0 for a null pointer). */
    public KernelArgs ptr(long address) { return add(Kind.PTR, address); }

    public KernelArgs i32(int value) { return add(Kind.I32, value); }

    public KernelArgs i64(long value) { return add(Kind.I64, value); }

    public KernelArgs f32(float value) { return add(Kind.F32, Float.floatToRawIntBits(value)); }

    public KernelArgs f64(double value) { return add(Kind.F64, Double.doubleToRawLongBits(value)); }

    /** A floating-point scalar in the kernel's dtype: f32 for float32, f64 for float64. */
    public KernelArgs scalar(DType dtype, double value) {
        return switch (dtype) {
            case FLOAT32 -> f32((float) value);
            case FLOAT64 -> f64(value);
            default -> throw new IllegalArgumentException("dtype=" + dtype + ": kernel scalars are float32 or float64");
        };
    }

    /** The number of arguments. */
    public int size() { return kinds.size(); }

    /** The C type of argument {@code i}. */
    public Kind kind(int i) { return kinds.get(i); }

    /**
     * The raw bits of argument {@code i}: the address or the integer, or the IEEE bits of a float
     * (in the low 32 bits) or double; as the little-endian bytes of the C value once truncated to
     * {@link Kind#bytes()}.
     */
    public long bits(int i) { return bits.get(i); }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < size(); i++) {
            if (i > 0) s.append(", ");
            long b = bits(i);
            switch (kind(i)) {
                case PTR -> s.append("ptr 0x").append(Long.toHexString(b));
                case I32 -> s.append("i32 ").append((int) b);
                case I64 -> s.append("i64 ").append(b);
                case F32 -> s.append("f32 ").append(Float.intBitsToFloat((int) b));
                case F64 -> s.append("f64 ").append(Double.longBitsToDouble(b));
            }
        }
        return s.append(')').toString();
    }
}
