package org.polymorph.materials.internal.potential.provider;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.materials.internal.potential.Eam;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/** {@code eam}: embedded-atom method from DYNAMO funcfl files, one per structure type (pair_style eam). */
public final class EamStyle implements PotentialProvider {
    @Override public String style() { return "eam"; }

    @Override public String description() {
        return "embedded-atom method Σ_i F(ρ_i) + ½ Σ_ij φ(r_ij) from funcfl files (LAMMPS pair_eam; pair_coeff i i file_i)";
    }

    @Override public List<PotentialParameter> parameters() { return List.of(); }
    @Override public FileRule files() { return FileRule.ONE_PER_TYPE; }
    @Override public String fileHint() { return "a DYNAMO funcfl file per type such as Cu_u3.eam"; }
    @Override public ListKind listKind() { return ListKind.HALF; }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) {
        return Eam.funcfl(files.toArray(new Path[0]));
    }
}
