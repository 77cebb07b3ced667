# Structures for every space-group type and spglib's verdict on each (the oracle of SpaceGroupFinderSpglibTest).
# For each type: orbits of random general points (three types of atom) under the operations of its standard
# Hall setting, in a random lattice of its crystal system; then rattled (below symprec), strained, rotated,
# permuted and supercell copies of some; and for each type a structure with atoms on special positions (points of the
# 1/24 grid with a non-trivial stabiliser, moved at random within the subspace their stabiliser fixes) next to one
# general orbit, for the Wyckoff letters. Prints {"symprec": s, "cases": [...]} as JSON.
import json
import numpy as np
import spglib

SYMPREC = 1e-3
rng = np.random.default_rng(20261206)

standard = {}
for hall in range(1, 531):
    n = spglib.get_spacegroup_type(hall)['number']
    standard.setdefault(n, hall)


def lattice_for(n):
    a, b, c = rng.uniform(3.0, 6.0, 3)
    al, be, ga = 90.0, 90.0, 90.0
    if n <= 2:
        al, be, ga = rng.uniform(70, 110, 3)
    elif n <= 15:
        be = rng.uniform(95, 115)
    elif n <= 74:
        pass
    elif n <= 142:
        b = a
    elif n <= 194:
        b = a
        ga = 120.0
    else:
        b = c = a
    al, be, ga = np.radians([al, be, ga])
    cx = c * np.cos(be)
    cy = c * (np.cos(al) - np.cos(be) * np.cos(ga)) / np.sin(ga)
    return np.array([[a, 0, 0], [b * np.cos(ga), b * np.sin(ga), 0], [cx, cy, np.sqrt(c * c - cx * cx - cy * cy)]])


def orbit(ops, x):
    pts = []
    for r, t in zip(ops['rotations'], ops['translations']):
        y = (r @ x + t) % 1.0
        if not any(np.linalg.norm(((y - p) + 0.5) % 1.0 - 0.5) < 1e-6 for p in pts):
            pts.append(y)
    return pts


def record(kind, n, lattice, frac, types, symprec=SYMPREC, angle=-1.0):
    cell = (lattice, frac, types)
    d = spglib.get_symmetry_dataset(cell, symprec=symprec, angle_tolerance=angle)
    conv = spglib.standardize_cell(cell, to_primitive=False, no_idealize=False, symprec=symprec, angle_tolerance=angle)
    prim = spglib.standardize_cell(cell, to_primitive=True, no_idealize=False, symprec=symprec, angle_tolerance=angle)
    return {"kind": kind, "intended": n, "symprec": symprec, "angle_tolerance": angle,
            "lattice": lattice.tolist(), "frac": np.asarray(frac).tolist(),
            "types": [int(t) for t in types], "number": d['number'], "symbol": d['international'],
            "hall": d['hall_number'], "pointgroup": d['pointgroup'], "equivalent": d['equivalent_atoms'].tolist(),
            "wyckoffs": list(d['wyckoffs']),
            "conv_lattice": conv[0].tolist(), "conv_n": len(conv[2]), "prim_lattice": prim[0].tolist(), "prim_n": len(prim[2])}


def fixed_points(ops):
    """The 1/24 grid and, per grid point, which operations fix it (n x k booleans)."""
    rot, tra = ops['rotations'], ops['translations']
    grid = np.array(list(np.ndindex(24, 24, 24))) / 24.0
    residue = (np.einsum('kij,nj->nki', rot, grid) + tra[None] - grid[:, None, :] + 0.5) % 1.0 - 0.5
    return grid, np.abs(residue).max(axis=2) < 1e-9


def special_point(ops, grid, fixed):
    """A random point whose stabiliser is more than the identity: a 1/24-grid point with a non-trivial stabiliser,
    moved by a random vector of the subspace that its stabiliser fixes (null space of the stacked R - I)."""
    rot = ops['rotations']
    candidates = np.nonzero(fixed.sum(axis=1) > 1)[0]
    if len(candidates) == 0:
        return None  # a type without special positions (its operations other than the identity have no fixed point)
    for attempt in range(100):
        n = rng.choice(candidates)
        x, fixes = grid[n], np.nonzero(fixed[n])[0]
        _, sv, vt = np.linalg.svd(np.vstack([rot[k] - np.eye(3) for k in fixes]))
        free = vt[np.sum(sv > 1e-9):]
        y = (x + free.T @ rng.uniform(-0.2, 0.2, len(free))) % 1.0
        if len(orbit(ops, y)) == len(orbit(ops, x)):
            return y
    return x


def spaced(lattice, frac, minimum=0.5):
    """No two atoms closer than minimum (Å), periodic images included."""
    d = frac[:, None, :] - frac[None, :, :]
    d = (d + 0.5) % 1.0 - 0.5
    r = np.linalg.norm(d @ lattice, axis=2) + np.eye(len(frac)) * 1e9
    return r.min() > minimum


cases = []
for n in range(1, 231):
    ops = spglib.get_symmetry_from_database(standard[n])
    lattice = lattice_for(n)
    frac, types = [], []
    for t in range(3 if n < 195 else 2):
        pts = orbit(ops, rng.uniform(0, 1, 3))
        frac += pts
        types += [t] * len(pts)
    frac = np.array(frac)
    types = np.array(types)
    cases.append(record("generated", n, lattice, frac, types))
    # rattled well below symprec
    cases.append(record("rattled", n, lattice, (frac + rng.normal(0, 2e-5, frac.shape)) % 1.0, types))
    if n % 3 == 0:
        # rotated cell, atoms permuted
        q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
        if np.linalg.det(q) < 0:
            q = -q
        perm = rng.permutation(len(types))
        cases.append(record("rotated-permuted", n, lattice @ q.T, frac[perm], types[perm]))
    if n % 5 == 0 and len(types) <= 48:
        # supercell 2 x 1 x 1 and a sheared supercell (a, a+b, c)
        m = np.array([[2, 0, 0], [0, 1, 0], [0, 0, 1]]) if n % 10 == 0 else np.array([[1, 0, 0], [1, 1, 0], [0, 0, 2]])
        big = m @ lattice
        shifts = [np.array(s) for s in np.ndindex(3, 3, 3)]
        inv = np.linalg.inv(m.T)
        pts, tps = [], []
        for s in shifts:
            for x, t in zip(frac, types):
                y = inv @ (x + s - 1)
                if np.all(y > -1e-9) and np.all(y < 1 - 1e-9):
                    pts.append(y)
                    tps.append(t)
        cases.append(record("supercell", n, big, np.array(pts), np.array(tps)))
    if n % 7 == 0:
        # strained: symmetry may drop, spglib decides
        eps = rng.normal(0, 0.01, (3, 3))
        cases.append(record("strained", n, lattice @ (np.eye(3) + (eps + eps.T) / 2), frac, types))
    if n % 11 == 0:
        # the cell turned by 0.3 degrees about one axis of shear, positions kept fractional: with symprec 0.05 Å,
        # spglib's default angle check and an angle_tolerance of 0.5 and 0.1 degrees decide differently
        shear = np.eye(3)
        shear[0, 1] = np.tan(np.radians(0.3))
        for angle in (-1.0, 0.5, 0.1):
            try:
                cases.append(record("sheared", n, lattice @ shear, frac, types, symprec=0.05, angle=angle))
            except TypeError:
                pass  # spglib found no consistent group at this tolerance: no verdict to compare with
for n in range(1, 231):
    # atoms on special positions: two special orbits (species 0, 1) and a general one (2) that pins the group
    ops = spglib.get_symmetry_from_database(standard[n])
    grid, fixed = fixed_points(ops)
    lattice = lattice_for(n) * (len(ops['rotations']) / 8) ** (1 / 3)  # room for the atoms of the large groups
    for attempt in range(30):
        points = [special_point(ops, grid, fixed), special_point(ops, grid, fixed), rng.uniform(0, 1, 3)]
        parts = [orbit(ops, x) for x in points if x is not None]
        frac = np.array(sum(parts, []))
        if spaced(lattice, frac):
            break
    types = np.array(sum([[t] * len(p) for t, p in enumerate(parts)], []))
    cases.append(record("special", n, lattice, frac, types))
    if n % 2 == 0:
        perm = rng.permutation(len(types))
        # rattled by 2e-5 Å (Cartesian): an atom on a special position and its image under its site symmetry
        # then stay well within symprec however large the cell
        noise = rng.normal(0, 2e-5, frac.shape) @ np.linalg.inv(lattice)
        cases.append(record("special-rattled-permuted", n, lattice, (frac[perm] + noise) % 1.0, types[perm]))
print(json.dumps({"symprec": SYMPREC, "cases": cases}))
