package org.polymorph.materials.internal.patchy;

import java.util.Locale;
import org.polymorph.materials.patchy.Configuration;
import org.polymorph.materials.patchy.PatchyModel;
import org.polymorph.materials.rigid.Quaternion;

/**
 * Patchy bodies as extended XYZ (the format of ASE's {@code ase.io.extxyz} and OVITO): one line per body with its
 * type name, the model's body origin and its orientation, as a unit quaternion (w, x, y, z) body frame → world in 3D
 * (OVITO's Orientation convention is (x, y, z, w): columns are named {@code quaternion}, ASE's name), as an angle
 * (radians) in 2D; the periodic cell on the comment line.
 */
final class ExtXyz {
    private ExtXyz() { }

    static String bodies(Configuration c, PatchyModel model, long step, double time) {
        int d = c.dimension();
        double[] box = c.box();
        StringBuilder sb = new StringBuilder().append(c.size()).append('\n');
        double lz = d == 3 ? box[2] : 1;
        sb.append(String.format(Locale.ROOT, "Lattice=\"%s 0 0 0 %s 0 0 0 %s\" Properties=species:S:1:pos:R:3:%s pbc=\"T T %s\" step=%d time=%s%n",
                num(box[0]), num(box[1]), num(lz), d == 3 ? "quaternion:R:4" : "angle:R:1", d == 3 ? "T" : "F", step, num(time)));
        double[][] x = c.centres(), r = c.rotations();
        int[] t = c.types();
        for (int i = 0; i < c.size(); i++) {
            sb.append(model.types().get(t[i]).name());
            for (int a = 0; a < 3; a++) sb.append(' ').append(num(a < d ? x[i][a] : 0));
            if (d == 3) {
                Quaternion q = Quaternion.fromMatrix(r[i]);
                sb.append(' ').append(num(q.w())).append(' ').append(num(q.x())).append(' ').append(num(q.y())).append(' ').append(num(q.z()));
            } else {
                sb.append(' ').append(num(Math.atan2(r[i][2], r[i][0])));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) { return Double.toString(v); }
}
