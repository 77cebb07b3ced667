#!/usr/bin/python3
"""Writes wyckoff-positions.txt: the Wyckoff positions of the 230 space-group types in spglib's standard
setting of each type (the smallest Hall number of the type, as make_hall_settings.py lists them), found from
spglib 2.0.2's behaviour (Debian python3-spglib; Togo & Tanaka, arXiv 1808.01590), not from its tables.

Usage: /usr/bin/python3 make_wyckoff_positions.py > ../resources/org/polymorph/materials/internal/symmetry/wyckoff-positions.txt

Method, per type, with the operations (R, t) of its standard Hall setting (spglib.get_symmetry_from_database,
centring translations included):
  1. every point x of the 1/24 grid of the conventional cell gets its stabiliser S = {(R, t) : R x + t = x mod 1};
     its multiplicity in the conventional cell is |G| / |S|;
  2. the points are visited orbit by orbit; a point that no known position holds (same multiplicity and some
     operation g maps it into p + span(D) mod 1) starts a new position with p = x and D an integer basis of the
     null space of the stacked (R - I), R in S (the affine subspace of the points that S fixes, through x);
  3. spglib names each position: a structure of the position's orbit (species A) and one general orbit
     (species B, a random point) in a random lattice of the crystal system pins the group; the point x of A
     maps to x_s = P x + p_0 in spglib's standardised cell (dataset transformation_matrix P, origin_shift p_0),
     and the position that holds x_s gets A's letter; where spglib's change of setting (an element of the affine
     normaliser, e.g. a permutation of triclinic axes) sends x to another position, A is put at the preimage
     P^-1 (p - p_0) of the unnamed position and asked again.
Checks: every position gets one letter; the letters of a type are a, b, c, ... (z then A) without gaps, each
once; the general position has the last one and multiplicity |G|.

Format, one block per type:
  hall <hall_number> <number> <count of positions>
  wyckoff <letter> <multiplicity> <p1 p2 p3 in units of 1/24> <dimension k> <k integer vectors d1 d2 d3>
positions are fractional coordinates of the conventional cell; the position's points are the images of
p + span(D) under the operations, modulo lattice translations.
"""
import itertools
import numpy as np
import spglib

GRID = 24
LETTERS = "abcdefghijklmnopqrstuvwxyzA"
rng = np.random.default_rng(20261206)


def lattice_for(n):
    a, b, c = rng.uniform(4.0, 7.0, 3)
    al, be, ga = 90.0, 90.0, 90.0
    if n <= 2:
        al, be, ga = rng.uniform(75, 105, 3)
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


def centred(d):
    return (d + 0.5) % 1.0 - 0.5


def stabiliser(rot, tra, x, tol=1e-6):
    """Indices of the operations that fix x modulo lattice translations."""
    y = np.einsum('kij,j->ki', rot, x) + tra
    return np.nonzero(np.all(np.abs(centred(y - x)) < tol, axis=1))[0]


def null_basis(rs):
    """An integer basis (rows) of the common null space of the matrices rs (entries of the basis in -2..2)."""
    m = np.vstack(rs) if rs else np.zeros((1, 3))
    dim = 3 - np.linalg.matrix_rank(m)
    basis = []
    # shortest candidates first, positive entries before negative ones: (1 0 0) before (-1 0 0) and (1 1 0)
    for v in sorted(itertools.product(range(-2, 3), repeat=3), key=lambda v: (sum(map(abs, v)), [-c for c in v])):
        v = np.array(v)
        if not v.any() or np.abs(m @ v).max() > 0:
            continue
        if np.linalg.matrix_rank(np.array(basis + [v])) == len(basis) + 1:
            basis.append(v)
        if len(basis) == dim:
            break
    assert len(basis) == dim, (dim, basis)
    return basis


def holds(pos, rot, tra, x, tol=1e-6):
    """Some operation maps x into p + span(D) modulo lattice translations (fractional tolerance)."""
    p, d = pos['p'], pos['d']
    ys = np.einsum('kij,j->ki', rot, x) + tra - p
    ys = centred(ys)
    shifts = np.array(list(itertools.product((-1, 0, 1), repeat=3)))
    for y in ys:
        cands = y[None, :] - shifts
        if len(d) == 0:
            r = cands
        else:
            dm = np.array(d, dtype=float).T  # 3 x k
            coef, *_ = np.linalg.lstsq(dm, cands.T, rcond=None)
            r = cands - (dm @ coef).T
        if np.min(np.abs(r).max(axis=1)) < tol:
            return True
    return False


def find(positions, rot, tra, x, mult):
    for i, pos in enumerate(positions):
        if pos['mult'] == mult and holds(pos, rot, tra, x):
            return i
    return -1


def positions_of(hall):
    ops = spglib.get_symmetry_from_database(hall)
    rot, tra = ops['rotations'].astype(float), ops['translations']
    order = len(rot)
    g = np.array(list(itertools.product(range(GRID), repeat=3)), dtype=float) / GRID
    # image of every grid point under every operation, as a grid index
    idx = lambda pts: np.rint((pts % 1.0) * GRID).astype(int) % GRID
    code = lambda i: (i[..., 0] * GRID + i[..., 1]) * GRID + i[..., 2]
    images = code(idx(np.einsum('kij,nj->nki', rot, g) + tra[None, :, :]))  # n x k
    stab_size = (images == np.arange(len(g))[:, None]).sum(axis=1)
    seen = np.zeros(len(g), dtype=bool)
    positions = []
    for n in range(len(g)):
        if seen[n]:
            continue
        seen[images[n]] = True
        mult = order // stab_size[n]
        if find(positions, rot, tra, g[n], mult) >= 0:
            continue
        s = stabiliser(rot, tra, g[n])
        assert len(s) == stab_size[n]
        d = null_basis([ops['rotations'][k] - np.eye(3, dtype=int) for k in s])
        positions.append({'p': g[n], 'd': d, 'mult': mult})
    return ops, rot, tra, positions


def orbit(rot, tra, x):
    pts = []
    for y in (np.einsum('kij,j->ki', rot, x) + tra) % 1.0:
        if not any(np.abs(centred(y - q)).max() < 1e-6 for q in pts):
            pts.append(y)
    return np.array(pts)


def ask(hall, number, rot, tra, x, mult):
    """spglib's letter of the orbit of x, next to a general orbit in a random lattice: (letter, x_s, P, p_0)."""
    while True:
        xb = rng.uniform(0, 1, 3)
        if len(stabiliser(rot, tra, xb, 1e-3)) == 1:
            break
    a, b = orbit(rot, tra, x), (np.einsum('kij,j->ki', rot, xb) + tra) % 1.0
    assert len(a) == mult, (hall, len(a), mult)
    d = spglib.get_symmetry_dataset((lattice_for(number), np.vstack([a, b]), [1] * len(a) + [2] * len(b)), symprec=1e-4)
    assert d['number'] == number and d['hall_number'] == hall, (hall, d['number'], d['hall_number'])
    letter = set(d['wyckoffs'][:len(a)])
    assert len(letter) == 1, (hall, letter)
    p, p0 = d['transformation_matrix'], d['origin_shift']
    return d['wyckoffs'][0], (p @ a[0] + p0) % 1.0, p, p0, a[0]


def name(hall, number, ops, rot, tra, positions):
    """spglib's letter of each position: the position that holds A's point in spglib's standardised cell gets A's
    letter. Where spglib's change of setting (an element of the group's affine normaliser, e.g. a permutation of
    triclinic axes) sends the point elsewhere, A is put at the preimage of the position under that change."""
    letters = [None] * len(positions)

    def learn(letter, xs, mult):
        k = find(positions, rot, tra, xs, mult)
        assert k >= 0, (hall, xs)
        assert letters[k] in (None, letter), (hall, letters[k], letter)
        letters[k] = letter
        return k

    for i, pos in enumerate(positions):
        for attempt in range(20):
            if letters[i] is not None:
                break
            letter, xs, p, p0, x = ask(hall, number, rot, tra, pos['p'], pos['mult'])
            if learn(letter, xs, pos['mult']) == i:
                break
            # the preimage of p under x -> P x + p0 is a point of the same stabiliser order in the input setting
            letter, xs, p, p0, x = ask(hall, number, rot, tra, np.linalg.solve(p, pos['p'] - p0) % 1.0, pos['mult'])
            learn(letter, xs, pos['mult'])
    assert None not in letters, (hall, letters)
    assert sorted(letters, key=LETTERS.index) == list(LETTERS[:len(letters)]), (hall, letters)
    general = letters.index(LETTERS[len(letters) - 1])
    assert positions[general]['mult'] == len(rot) and len(positions[general]['d']) == 3, hall
    return letters


def main():
    print("# Wyckoff positions of the 230 space-group types in spglib's standard setting of each (smallest Hall number).")
    print("# Found from spglib %s's behaviour (get_symmetry_from_database, get_symmetry_dataset's wyckoffs)" % spglib.__version__)
    print("# by src/main/scripts/make_wyckoff_positions.py: see there for the method and the format.")
    print("# wyckoff <letter> <multiplicity in the conventional cell> <p in units of 1/24> <dim> <integer basis of D>")
    standard = {}
    for hall in range(1, 531):
        standard.setdefault(spglib.get_spacegroup_type(hall)['number'], hall)
    for number in range(1, 231):
        hall = standard[number]
        ops, rot, tra, positions = positions_of(hall)
        letters = name(hall, number, ops, rot, tra, positions)
        print("hall %d %d %d" % (hall, number, len(positions)))
        for letter, pos in sorted(zip(letters, positions), key=lambda lp: LETTERS.index(lp[0])):
            p = [int(v) for v in np.rint(pos['p'] * GRID)]
            fields = [letter, pos['mult']] + p + [len(pos['d'])] + [int(c) for v in pos['d'] for c in v]
            print("wyckoff " + " ".join(str(f) for f in fields))


if __name__ == '__main__':
    main()
