package org.polymorph.materials.internal.potential.provider;

import java.nio.file.Path;
import java.util.List;
import org.polymorph.materials.internal.potential.Eam;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.PotentialParameter;
import org.polymorph.materials.potential.PotentialProvider;
import org.polymorph.materials.potential.PotentialValues;

/** {@code eam/alloy}: embedded-atom method from one setfl file mapping elements to types (pair_style eam/alloy). */
public final class EamAlloyStyle implements PotentialProvider {
    @Override public String style() { return "eam/alloy"; }

    @Override public String description() {
        return "embedded-atom method from one DYNAMO setfl file (LAMMPS pair_eam_alloy; pair_coeff * * file El1 El2 ...)";
    }

    @Override public List<PotentialParameter> parameters() { return List.of(); }
    @Override public FileRule files() { return FileRule.ONE; }
    @Override public String fileHint() { return "a DYNAMO setfl file such as CuAg.eam.alloy"; }
    @Override public ListKind listKind() { return ListKind.HALF; }

    @Override
    public Potential create(PotentialValues v, List<Path> files, List<String> elements) {
        return Eam.setfl(files.get(0), elements.toArray(new String[0]));
    }
}
