#!/usr/bin/env python3
"""Triclinic LAMMPS oracle cases for Polymorph (run from this folder: python3 make_triclinic.py).

Each case: a lattice supercell (LAMMPS atom order, as ../oracle_lib.py), sheared by the upper-triangular
tilt (xy, xz, yz) -- positions follow the shear r' = (s_x*lx + s_y*xy + s_z*xz, s_y*ly + s_z*yz, s_z*lz) for
fractional s -- then displaced by SplitMix64 draws (seed, amplitude) as in ../README.md. LAMMPS (Debian
package lammps 20220106 = LAMMPS 29 Sep 2021) evaluates energy, forces and the pressure tensor with
`run 0`; the virial is W = P*V/nktv2p (metal: nktv2p = 1.6021765e6 bar per eV/A^3). Output: triclinic.json.
"""
import json, os, subprocess, hashlib

MASK = (1 << 64) - 1

def splitmix(seed):
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        yield (z >> 11) * 2.0 ** -53

DIAMOND = [(0, 0, 0), (0, .5, .5), (.5, 0, .5), (.5, .5, 0), (.25, .25, .25), (.25, .75, .75), (.75, .25, .75), (.75, .75, .25)]
FCC = DIAMOND[:4]

def build(basis, a, n, tilt, seed, amp):
    lx, ly, lz = n[0] * a, n[1] * a, n[2] * a
    xy, xz, yz = tilt
    rnd = splitmix(seed)
    pos = []
    for iz in range(n[2]):
        for iy in range(n[1]):
            for ix in range(n[0]):
                for b in basis:
                    s = ((ix + b[0]) / n[0], (iy + b[1]) / n[1], (iz + b[2]) / n[2])
                    r = [s[0] * lx + s[1] * xy + s[2] * xz, s[1] * ly + s[2] * yz, s[2] * lz]
                    pos.append([r[k] + amp * (2 * next(rnd) - 1) for k in range(3)])
    return {"lx": lx, "ly": ly, "lz": lz, "xy": xy, "xz": xz, "yz": yz}, pos

def run(name, box, pos, mass, pair_lines, potfile):
    d = os.path.join("runs", name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "data.lmp"), "w") as f:
        f.write("triclinic oracle %s\n\n%d atoms\n1 atom types\n\n" % (name, len(pos)))
        f.write("0 %r xlo xhi\n0 %r ylo yhi\n0 %r zlo zhi\n%r %r %r xy xz yz\n\nMasses\n\n1 %r\n\nAtoms # atomic\n\n"
                % (box["lx"], box["ly"], box["lz"], box["xy"], box["xz"], box["yz"], mass))
        for i, r in enumerate(pos):
            f.write("%d 1 %r %r %r\n" % (i + 1, r[0], r[1], r[2]))
    if potfile:
        src = os.path.join("..", "potentials", potfile)
        with open(src, "rb") as s, open(os.path.join(d, potfile), "wb") as t:
            t.write(s.read())
    with open(os.path.join(d, "in.lmp"), "w") as f:
        f.write("units metal\natom_style atomic\nboundary p p p\nbox tilt large\nread_data data.lmp\n")
        f.write("\n".join(pair_lines) + "\n")
        f.write("thermo_style custom pe pxx pyy pzz pxy pxz pyz vol\nthermo_modify format float %.17g\n")
        f.write("dump d all custom 1 dump.txt id fx fy fz\ndump_modify d sort id format float %.17g\nrun 0\n")
        f.write('print "PE $(pe:%.17g)"\nprint "P $(pxx:%.17g) $(pyy:%.17g) $(pzz:%.17g) $(pxy:%.17g) $(pxz:%.17g) $(pyz:%.17g)"\n')
        f.write('print "V $(vol:%.17g)"\n')
    out = subprocess.run(["lmp", "-in", "in.lmp", "-log", "log.lammps"], cwd=d, capture_output=True, text=True, check=True).stdout
    vals = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] in ("PE", "P", "V") and len(parts) > 1:
            vals[parts[0]] = [float(x) for x in parts[1:]]
    forces = []
    with open(os.path.join(d, "dump.txt")) as f:
        lines = f.read().splitlines()
    start = [i for i, l in enumerate(lines) if l.startswith("ITEM: ATOMS")][0] + 1
    for l in lines[start:start + len(pos)]:
        p = l.split()
        forces.append([float(p[1]), float(p[2]), float(p[3])])
    nktv2p = 1.6021765e6
    vol = vals["V"][0]
    press = vals["P"]
    virial = [p * vol / nktv2p for p in press]
    return {"energy": vals["PE"][0], "pressure_bar": press, "virial_eV_xx_yy_zz_xy_xz_yz": virial, "volume": vol, "forces": forces}

CASES = [
    ("Si_SW_diamond_2x2x2_triclinic", DIAMOND, 5.431, (2, 2, 2), (1.1, -0.7, 0.5), 11, 0.1, 28.0855,
     ["pair_style sw", "pair_coeff * * Si.sw Si"], "Si.sw"),
    ("Si_Tersoff_diamond_2x2x2_triclinic", DIAMOND, 5.431, (2, 2, 2), (-0.9, 0.6, 1.2), 12, 0.1, 28.0855,
     ["pair_style tersoff", "pair_coeff * * Si.tersoff Si"], "Si.tersoff"),
    ("Cu_u3_eam_fcc_3x3x3_triclinic", FCC, 3.615, (3, 3, 3), (1.5, 0.8, -1.1), 13, 0.1, 63.546,
     ["pair_style eam", "pair_coeff * * Cu_u3.eam"], "Cu_u3.eam"),
    ("Cu_morse_fcc_3x3x3_triclinic", FCC, 3.615, (3, 3, 3), (0.7, -1.2, 0.9), 14, 0.1, 63.546,
     ["pair_style morse 6.0", "pair_coeff * * 0.3429 1.3588 2.866"], None),
]

if __name__ == "__main__":
    result = {"_meta": {"generator": "make_triclinic.py", "lammps": subprocess.run(["lmp", "-h"], capture_output=True, text=True).stdout.splitlines()[1].strip(),
                        "conventions": "see ../materials.json _meta; box rows a=(lx,0,0) b=(xy,ly,0) c=(xz,yz,lz); forces by atom id; virial W = P*V/nktv2p",
                        "displacements": "SplitMix64 as ../README.md, amplitude given per case"}}
    for name, basis, a, n, tilt, seed, amp, mass, pair, pot in CASES:
        box, pos = build(basis, a, n, tilt, seed, amp)
        res = run(name, box, pos, mass, pair, pot)
        sha = None
        if pot:
            with open(os.path.join("..", "potentials", pot), "rb") as f:
                sha = hashlib.sha256(f.read()).hexdigest()
        result[name] = {"lammps_commands": pair, "potential_file": pot, "potential_sha256": sha, "mass": mass,
                        "box": box, "seed": seed, "amplitude": amp, "positions": pos, "results": res}
        print(name, res["energy"])
    with open("triclinic.json", "w") as f:
        json.dump(result, f, indent=1)
