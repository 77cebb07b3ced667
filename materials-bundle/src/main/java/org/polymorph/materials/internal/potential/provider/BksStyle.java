package org.polymorph.materials.internal.potential.provider;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.materials.internal.potential.Bks;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/** {@code bks}: the BKS silica potential (Buckingham plus damped shifted-force Coulomb); types named Si and O. */
public final class BksStyle implements PotentialProvider {
    @Override public String style() { return "bks"; }

    @Override public String description() {
        return "van Beest, Kramer, van Santen PRL 64, 1955 (1990): A e^(−r/ρ) − C/r^6 (Si–O, O–O) + coul/dsf with q_Si 2.4 e, q_O −1.2 e; types Si and O";
    }

    @Override public List<PotentialParameter> parameters() {
        return List.of(PotentialParameter.optional("alpha", "0.2", "1/Å", "damping of the DSF Coulomb sum"),
                PotentialParameter.optional("cutoff_coul", "10", "Å", "cutoff of the Coulomb sum"),
                PotentialParameter.optional("cutoff", "5.5", "Å", "cutoff of the Buckingham part"),
                PotentialParameter.optional("shift", "true", "", "shift the Buckingham part to 0 at its cutoff"));
    }

    /** Not row-decomposable: the DSF self-energy −(erfc(α rc)/2rc + α/√π) q_i² of every atom is added outside the pair rows. */
    @Override public ListKind listKind() { return ListKind.HALF; }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) {
        return new Bks(v.real("alpha"), v.real("cutoff_coul"), v.real("cutoff"), v.bool("shift"));
    }
}
