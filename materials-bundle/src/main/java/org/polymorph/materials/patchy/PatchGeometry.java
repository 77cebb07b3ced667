package org.polymorph.materials.patchy;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * Body-frame patch positions from angles, differentiable in the angles: patches on the surface of a sphere of radius
 * R centred at the body origin (the King–Du particles: jax-md's {@code thetas_to_shape}).
 */
public final class PatchGeometry {
    private PatchGeometry() { }

    /** 2D: R (cos φ_j, sin φ_j) for angles φ [m] (radians); result [m, 2]. */
    public static Var circle(Ops o, Var angles, double radius) {
        return o.stack(1, o.cos(angles), o.sin(angles)).mul(radius);
    }

    /** 3D: R (sin θ cos φ, sin θ sin φ, cos θ) for polar angles θ [m] and azimuths φ [m] (radians); result [m, 3]. */
    public static Var sphere(Ops o, Var polar, Var azimuth, double radius) {
        Var s = o.sin(polar);
        return o.stack(1, s.mul(o.cos(azimuth)), s.mul(o.sin(azimuth)), o.cos(polar)).mul(radius);
    }
}
