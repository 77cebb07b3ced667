"""Chooses the gpu-bundle test classes that travel to the GPU machine (pack.sh's helper).

stdin: `jdeps -verbose:class` over gpu-bundle's test and main classes and framework-core's classes.
argv:  TEST_CLASSES_DIR PACKAGE_PATH [EXTRA_ROOT_PACKAGE...]
       (e.g. gpu-bundle/target/test-classes org/polymorph/gpu/cuda org.polymorph.core.tensor.testing)

Roots are the test classes under PACKAGE_PATH. For each root, the test classes it reaches (through
gpu-bundle test classes only, nested classes included) travel with it, unless one of them refers to
ND4J, JavaCPP or OpenBLAS directly, or reaches them through the ND4J backend's main classes
(org.polymorph.gpu.cpu: a test that builds that service runs it): then the root stays behind (the
bundle carries none of them). Prints one line each: KEEP <class file>, DROP <root>: <why>, WARN <root>: <why> (a reference reached
only through main classes, which loads only if that code runs), NEEDS <package> (Guice, when a kept
test refers to it), MODULE <jdk module> for each JDK module that the kept tests and the extra root
packages reach through any analysed class (the runtime's module list, narrower than the modules of
every carried class: framework-core's PNG plots alone would pull in java.desktop).
"""
import os
import re
import sys
from collections import defaultdict, deque

HEAVY = ('org.nd4j.', 'org.bytedeco.')
CPU_BACKEND = 'org.polymorph.gpu.cpu.'   # the ND4J TensorService: a test that reaches a heavy library through it runs it
EDGE = re.compile(r'^\s+(\S+)\s+->\s+(\S+)\s+(.*)$')


def top(name):
    return name.split('$', 1)[0]


def main():
    test_dir, package = sys.argv[1], sys.argv[2].strip('/')
    tests = {}
    for r, _, fs in os.walk(test_dir):
        for f in fs:
            if f.endswith('.class'):
                rel = os.path.relpath(os.path.join(r, f), test_dir)
                tests[rel[:-6].replace(os.sep, '.')] = rel
    nested = defaultdict(set)
    for t in tests:
        nested[top(t)].add(t)
    edges = defaultdict(set)
    modules = defaultdict(set)
    for line in sys.stdin:
        m = EDGE.match(line)
        if m:
            edges[m.group(1)].add(m.group(2))
            location = m.group(3).strip()
            if re.fullmatch(r'(java|jdk)\.[\w.]+', location):
                modules[m.group(1)].add(location)
    prefix = package.replace('/', '.') + '.'
    roots = sorted({top(t) for t in tests if t.startswith(prefix)})
    keep, needs = set(), set()
    for root in roots:
        closure, heavy, path = reach(root, edges, nested, lambda c: c in tests)
        if heavy:
            print('DROP %s: refers to %s (through %s); the bundle carries no ND4J/JavaCPP/OpenBLAS' % (root, heavy, ' -> '.join(path)))
            continue
        needs |= {d.rsplit('.', 1)[0] for c in closure for d in edges[c] if d.startswith('com.google.inject.')}
        _, far, far_path = reach(root, edges, nested, lambda c: c in edges)
        if far and any(c.startswith(CPU_BACKEND) for c in far_path):
            print('DROP %s: uses the ND4J backend (%s); the bundle carries no ND4J/JavaCPP/OpenBLAS' % (root, ' -> '.join(far_path)))
            continue
        if far:
            print('WARN %s: reaches %s through main classes (%s); fails only if that code runs' % (root, far, ' -> '.join(far_path)))
        keep |= closure
    for c in sorted(keep):
        print('KEEP ' + tests[c])
    extra = tuple(p.rstrip('.') + '.' for p in sys.argv[3:])
    seeds = keep | {c for c in edges if extra and c.startswith(extra)}
    for mod in sorted({mod for c in everything(seeds, edges) for mod in modules[c]}):
        print('MODULE ' + mod)
    if needs:
        print('NEEDS com.google.inject')


def everything(seeds, edges):
    """Every analysed class reachable from seeds, heavy libraries' classes not followed (they do not travel)."""
    seen = set(seeds)
    queue = deque(seeds)
    while queue:
        for d in edges[queue.popleft()]:
            if d not in seen and d in edges and not d.startswith(HEAVY):
                seen.add(d)
                queue.append(d)
    return seen


def reach(root, edges, nested, follow):
    """Breadth-first from root's classes; returns (classes reached, first heavy class referenced or None, the path to it)."""
    start = nested.get(root, {root})
    parent = {c: None for c in start}
    queue = deque(start)
    while queue:
        c = queue.popleft()
        for d in sorted(edges[c]):
            if d.startswith(HEAVY):
                path, p = [d], c
                while p is not None:
                    path.append(p)
                    p = parent[p]
                return set(parent), d, list(reversed(path))
            if d not in parent and follow(d):
                for n in nested.get(top(d), {d}) | {d}:
                    if n not in parent and follow(n):
                        parent[n] = c
                        queue.append(n)
    return set(parent), None, []


if __name__ == '__main__':
    main()
