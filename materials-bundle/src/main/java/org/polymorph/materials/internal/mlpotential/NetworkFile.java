package org.polymorph.materials.internal.mlpotential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polymorph.autodiff.nn.ParamStore;
import org.polymorph.core.tensor.DType;

/**
 * The {@code nn/bp} network file: a {@link org.polymorph.autodiff.nn.ParamStore} file (format version 1: magic
 * "PMPARAMS", int32 version, int32 count, entries of name / dtype / rank / dims / big-endian data, CRC-32) that
 * describes the whole model, so that it loads without knowing the architecture and without a tensor service
 * ({@code potential=nn/bp potential_file=<file>} in every Method). Entries, all float64 except {@code widths}:
 * <pre>
 * nnbp_version  [1]        1 (this layout)
 * cutoff        [1]        r_c (Å) of the symmetry functions
 * radial        [R, 2]     (η Å⁻², r_s Å) per G² function
 * angular       [A, 3]     (ζ, λ, η Å⁻²) per G⁴ function
 * widths        int32 [L+2] K = R + A, hidden widths..., 1
 * mean, spread  [K]        descriptor normalisation μ, σ
 * energy        [4]        e₀ (eV/atom), s (eV), core A (eV), r_core (Å)
 * layer/l/w     [in, out]  Dense kernel of layer l (row-major), l = 0..L
 * layer/l/b     [out]      Dense bias
 * </pre>
 * Written and read through ParamStore's tensor-free entry points ({@code write}, {@code readStored}).
 */
public final class NetworkFile {
    private static final int F64 = 0;
    private static final int I32 = 2;

    private NetworkFile() { }

    /** One entry: dtype code (0 float64, 2 int32), dims, values. */
    private record Entry(int dtype, int[] dims, double[] values) { }

    /** Writes {@code model} to {@code file} (temporary file in the same folder, then an atomic rename). */
    public static void write(Path file, BehlerParrinello model) throws IOException {
        SymmetryFunctions sf = model.symmetryFunctions();
        int[] hidden = model.hidden();
        int k = sf.count();
        Map<String, Entry> e = new LinkedHashMap<>();
        e.put("nnbp_version", f64(new double[] {1}, 1));
        e.put("cutoff", f64(new double[] {sf.cutoff()}, 1));
        e.put("radial", f64(flat(sf.radial()), sf.radial().length, 2));
        e.put("angular", f64(flat(sf.angular()), sf.angular().length, 3));
        double[] widths = new double[hidden.length + 2];
        widths[0] = k;
        for (int l = 0; l < hidden.length; l++) widths[l + 1] = hidden[l];
        widths[hidden.length + 1] = 1;
        e.put("widths", new Entry(I32, new int[] {widths.length}, widths));
        e.put("mean", f64(model.mean(), k));
        e.put("spread", f64(model.spread(), k));
        e.put("energy", f64(model.energyAndCore(), 4));
        for (int l = 0; l <= hidden.length; l++) {
            e.put("layer/" + l + "/w", f64(model.kernelWeights(l), (int) widths[l], (int) widths[l + 1]));
            e.put("layer/" + l + "/b", f64(model.bias(l), (int) widths[l + 1]));
        }
        Map<String, ParamStore.Stored> stored = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> x : e.entrySet()) {
            Entry v = x.getValue();
            Object data = v.dtype() == I32 ? Arrays.stream(v.values()).mapToInt(d -> (int) d).toArray() : v.values();
            stored.put(x.getKey(), new ParamStore.Stored(v.dtype() == I32 ? DType.INT32 : DType.FLOAT64, v.dims(), data));
        }
        ParamStore.write(file, stored);
    }

    /** The model of {@code file}; IllegalArgumentException naming the file and the entry when it is not an nn/bp network file. */
    public static BehlerParrinello read(Path file) throws IOException {
        Map<String, Entry> e = entries(file);
        String where = "nn/bp network file " + file + ": ";
        double version = get(e, "nnbp_version", where, 1)[0];
        if (version != 1) throw new IllegalArgumentException(where + "layout version " + version + "; this reader knows 1");
        double[] wd = get(e, "widths", where, -1);
        if (wd.length < 2 || wd[wd.length - 1] != 1) {
            throw new IllegalArgumentException(where + "entry 'widths' " + Arrays.toString(wd) + " must be K, hidden..., 1");
        }
        int k = (int) wd[0];
        double[] rad = get(e, "radial", where, -1);
        double[] ang = get(e, "angular", where, -1);
        if (rad.length % 2 != 0 || ang.length % 3 != 0 || rad.length / 2 + ang.length / 3 != k) {
            throw new IllegalArgumentException(where + "entries 'radial' (" + rad.length + " numbers) and 'angular' (" + ang.length
                    + ") must hold K = " + k + " functions as rows of 2 and 3");
        }
        SymmetryFunctions sf;
        try {
            sf = new SymmetryFunctions(get(e, "cutoff", where, 1)[0], rows(rad, 2), rows(ang, 3));
        } catch (IllegalArgumentException x) {
            throw x.getMessage().startsWith(where) ? x : new IllegalArgumentException(where + x.getMessage(), x);
        }
        int[] hidden = new int[wd.length - 2];
        for (int l = 0; l < hidden.length; l++) hidden[l] = (int) wd[l + 1];
        double[][] w = new double[hidden.length + 1][];
        double[][] b = new double[hidden.length + 1][];
        for (int l = 0; l <= hidden.length; l++) {
            w[l] = get(e, "layer/" + l + "/w", where, (int) (wd[l] * wd[l + 1]));
            b[l] = get(e, "layer/" + l + "/b", where, (int) wd[l + 1]);
        }
        double[] en = get(e, "energy", where, 4);
        try {
            return new BehlerParrinello(sf, hidden, w, b, get(e, "mean", where, k), get(e, "spread", where, k), en[0], en[1], new double[] {en[2], en[3]});
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException(where + x.getMessage(), x);
        }
    }

    private static double[] get(Map<String, Entry> e, String name, String where, int size) {
        Entry x = e.get(name);
        if (x == null) throw new IllegalArgumentException(where + "no entry '" + name + "' (entries: " + e.keySet() + "); write the file with ff.mlp or BehlerParrinello.save");
        if (size >= 0 && x.values().length != size) {
            throw new IllegalArgumentException(where + "entry '" + name + "' has " + x.values().length + " values, expected " + size);
        }
        return x.values();
    }

    private static Map<String, Entry> entries(Path file) throws IOException {
        String where = "nn/bp network file " + file + ": ";
        Map<String, ParamStore.Stored> stored;
        try {
            stored = ParamStore.readStored(file);
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException(where + x.getMessage() + "; give a file written by ff.mlp", x);
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, ParamStore.Stored> x : stored.entrySet()) {
            ParamStore.Stored v = x.getValue();
            if (v.dtype() != DType.FLOAT64 && v.dtype() != DType.INT32) {
                throw new IllegalArgumentException(where + "entry '" + x.getKey() + "' is " + v.dtype() + "; expected float64 or int32");
            }
            out.put(x.getKey(), new Entry(v.dtype() == DType.INT32 ? I32 : F64, v.shape(), v.doubles()));
        }
        return out;
    }

    private static Entry f64(double[] v, int... dims) { return new Entry(F64, dims, v); }

    private static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[][] rows(double[] v, int width) {
        double[][] out = new double[v.length / width][];
        for (int r = 0; r < out.length; r++) out[r] = Arrays.copyOfRange(v, r * width, (r + 1) * width);
        return out;
    }

    /** Entry names of the layout for {@code hidden} layers (for tests and documentation). */
    static List<String> names(int hiddenLayers) {
        List<String> out = new java.util.ArrayList<>(List.of("nnbp_version", "cutoff", "radial", "angular", "widths", "mean", "spread", "energy"));
        for (int l = 0; l <= hiddenLayers; l++) { out.add("layer/" + l + "/w"); out.add("layer/" + l + "/b"); }
        return out;
    }
}
