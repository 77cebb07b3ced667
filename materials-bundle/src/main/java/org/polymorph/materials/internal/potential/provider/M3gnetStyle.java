package org.polymorph.materials.internal.potential.provider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.polymorph.autodiff.AD;
import org.polymorph.materials.internal.m3gnet.M3gnet;
import org.polymorph.materials.internal.m3gnet.M3gnetModel;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/**
 * {@code m3gnet}: matgl's M3GNet universal potentials read from a published model folder ({@code model.json} +
 * {@code state.pt}); {@code potential_file} names the folder or, bare, a model of the installation's {@code models/}
 * folder (M3GNet-MP-2021.2.8-PES, M3GNet-MatPES-PBE-v2025.1-PES). Values: {@code three_body_indexing} (matgl, the
 * default, reproduces matgl's bond indexing in the three-body update; corrected indexes the bonds it means) and
 * {@code precision} (float64, the default; float32 as matgl computes, every op; mixed, the fused kernel's matrix
 * products in float32 and the rest in float64, the fastest). The kernel's dense layers run on all processors (its
 * results do not depend on the thread count).
 */
public final class M3gnetStyle implements PotentialProvider {
    private final Supplier<AD> ad;

    /** {@code ad}: the engine the potentials' forces and stress are differentiated with. */
    public M3gnetStyle(Supplier<AD> ad) { this.ad = ad; }

    @Override public String style() { return "m3gnet"; }

    @Override public String description() {
        return "M3GNet universal graph potential, Chen & Ong, Nat. Comput. Sci. 2, 718 (2022), matgl's released weights: 5 A bond graph, "
                + "4 A three-body line graph, 3 blocks, E = std*sum(atomic) + element references (eV)";
    }

    @Override public List<PotentialParameter> parameters() {
        return List.of(PotentialParameter.optional("three_body_indexing", "matgl", "",
                        "matgl (reproduces matgl's bond indexing in the three-body update) or corrected (differs by ~1e-4 eV per cell where bonds beyond 4 A precede kept ones)"),
                PotentialParameter.optional("precision", "float64", "",
                        "float64, float32 (matgl's own precision, every op) or mixed (float32 matrix products, float64 elsewhere; the fastest)"));
    }

    @Override public FileRule files() { return FileRule.ONE; }

    @Override public String fileHint() {
        return "a matgl model folder holding model.json and state.pt, or the name of one in the installation's models/ folder "
                + "(M3GNet-MP-2021.2.8-PES or M3GNet-MatPES-PBE-v2025.1-PES)";
    }

    @Override public ListKind listKind() { return ListKind.FULL; }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) throws IOException {
        String ix = v.text("three_body_indexing").trim().toLowerCase(Locale.ROOT);
        if (!ix.equals("matgl") && !ix.equals("corrected")) {
            throw new IllegalArgumentException("three_body_indexing=" + v.text("three_body_indexing") + " is not known; write three_body_indexing=matgl or =corrected");
        }
        String precision = v.text("precision").trim().toLowerCase(Locale.ROOT);
        M3gnet.Precision p = switch (precision) {
            case "float64" -> M3gnet.Precision.FLOAT64;
            case "float32" -> M3gnet.Precision.FLOAT32;
            case "mixed" -> M3gnet.Precision.MIXED;
            default -> throw new IllegalArgumentException("precision=" + v.text("precision") + " is not known; write precision=float64, =float32 or =mixed");
        };
        Path folder = files.get(0);
        if (!Files.isDirectory(folder)) folder = folder.getParent();      // model.json or state.pt named: its folder
        return new M3gnet(M3gnetModel.read(folder), elements, ix.equals("matgl") ? M3gnet.Indexing.MATGL : M3gnet.Indexing.CORRECTED,
                p, ad.get(), Runtime.getRuntime().availableProcessors());
    }
}
