#!/usr/bin/python3
"""Writes hall-settings.txt: the symmetry operations and symbols of the 530 Hall settings of the
230 space-group types (International Tables for Crystallography, Vol. A and B), as tabulated in
spglib 2.0.2's database (Debian python3-spglib; Togo & Tanaka, arXiv 1808.01590).

Usage: /usr/bin/python3 make_hall_settings.py > ../resources/org/polymorph/materials/internal/symmetry/hall-settings.txt

Format, one block per Hall number:
  hall <hall_number> <number> <choice or -> <international_short> <pointgroup_international> <hall_symbol with '_' for ' '>
  op r11 r12 r13 r21 r22 r23 r31 r32 r33 t1 t2 t3
rotations act on fractional column vectors of the setting's conventional cell (x' = R x + t);
translations are integers in units of 1/24 of a cell edge; the centring translations are listed as
operations with the identity rotation, as spglib lists them.
"""
import spglib

print("# The 530 Hall settings of the 230 space-group types: symbols and operations in the conventional cell.")
print("# Facts of the International Tables for Crystallography; generated from spglib %s's database"
      % spglib.__version__)
print("# (spglib.get_spacegroup_type, spglib.get_symmetry_from_database) by src/main/scripts/make_hall_settings.py.")
print("# Translations in units of 1/24.")
for hall in range(1, 531):
    t = spglib.get_spacegroup_type(hall)
    ops = spglib.get_symmetry_from_database(hall)
    choice = t['choice'] if t['choice'] else '-'
    print("hall %d %d %s %s %s %s" % (hall, t['number'], choice, t['international_short'],
                                     t['pointgroup_international'], t['hall_symbol'].replace(' ', '_')))
    for r, tr in zip(ops['rotations'], ops['translations']):
        k = [round(x * 24) % 24 for x in tr]
        assert all(abs(x * 24 - round(x * 24)) < 1e-9 for x in tr), (hall, tr)
        print("op " + " ".join(str(int(v)) for v in r.flatten()) + " " + " ".join(str(v) for v in k))
