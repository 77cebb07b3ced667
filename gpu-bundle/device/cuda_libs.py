"""Finds the CUDA libraries of NVIDIA's pip wheels for the JavaCPP CUDA presets (check.sh's helper).

The presets' JNI wrappers link against an installed CUDA 13: libcudart.so.13, libcublas.so.13 and
libcublasLt.so.13, libcusparse.so.12, libcusolver.so.12 (with libnvJitLink.so.13), libcufft.so.12.
The GPU machine has them from pip wheels (nvidia-cublas, nvidia-cusolver, nvidia-cufft, ...), under
<site-packages>/nvidia/<package>/lib or, for CUDA 13 wheels, <site-packages>/nvidia/cu13/lib.

    python3 cuda_libs.py [ROOT...]     (default roots: site-packages folders and the `nvidia` package's parents)

prints the folders holding such libraries, joined by ':' (for LD_LIBRARY_PATH and java.library.path),
on the first line, then one line per wanted library: `FOUND name path` or `MISSING name`.
"""
import glob
import os
import site
import sys

WANTED = ('libcudart.so.13', 'libcublas.so.13', 'libcublasLt.so.13', 'libcusparse.so.12', 'libcusolver.so.12',
          'libcusolverMg.so.12', 'libnvJitLink.so.13', 'libcufft.so.12')


def default_roots():
    roots = set()
    try:
        roots.update(site.getsitepackages())
    except AttributeError:   # an old virtualenv's site module
        pass
    roots.add(site.getusersitepackages())
    roots.update(p for p in sys.path if p.endswith(('site-packages', 'dist-packages')))
    try:
        import nvidia   # a namespace package spread over the wheels
        roots.update(os.path.dirname(p) for p in nvidia.__path__)
    except ImportError:
        pass
    return sorted(r for r in roots if os.path.isdir(r))


def find(roots):
    """(folders holding a CUDA shared library under <root>/nvidia, sorted; {wanted name: its path})."""
    dirs = set()
    found = {}
    for root in roots:
        for path in sorted(glob.glob(os.path.join(root, 'nvidia', '**', 'lib*.so*'), recursive=True)):
            if not os.path.isfile(path):
                continue
            dirs.add(os.path.dirname(path))
            name = os.path.basename(path)
            if name in WANTED and name not in found:
                found[name] = path
    return sorted(dirs), found


def main(argv):
    dirs, found = find(argv or default_roots())
    print(':'.join(dirs))
    for name in WANTED:
        print('FOUND %s %s' % (name, found[name]) if name in found else 'MISSING ' + name)


if __name__ == '__main__':
    main(sys.argv[1:])
