"""Chooses what of gpu-bundle's tests travels to the GPU machine (pack.sh's helper).

stdin: `jdeps -verbose:class -filter:none` over gpu-bundle's test and main classes, framework-core's
       main and test classes and gpu-bundle's embedded jars other than ND4J, JavaCPP, OpenBLAS and the
       CUDA presets (JavaCPP and the CUDA presets travel whole: pack.sh carries them).
argv:  TEST_CLASSES_DIR PACKAGE_PATH [EXTRA_ROOT...]
       (e.g. gpu-bundle/target/test-classes org/polymorph/gpu/cuda org.polymorph.core.tensor.testing
       org.polymorph.materials.internal.method.DeviceMdBench: an extra root is a package, or a class with its nested
       classes and the classes whose names continue it, DeviceMdBenchOptions say)

Roots are the test classes under PACKAGE_PATH. For each root, the gpu-bundle test classes it reaches
(nested classes included) travel with it, unless
  - one of them refers to ND4J or OpenBLAS (org.bytedeco other than JavaCPP itself and its CUDA presets),
    or to a class that nothing carried provides, or
  - it reaches ND4J/OpenBLAS through the ND4J backend's main classes (org.polymorph.gpu.cpu:
    a test that builds that service runs it);
then the root stays behind; so does a root whose name the regular expression in the environment
variable PACK_EXCLUDE finds (e.g. '\\.Emulated': the CPU emulation, which needs JNA and so java.desktop).
Lines printed:
  KEEP <class file>          a test class that travels (path under TEST_CLASSES_DIR)
  DROP <root>: <why>         a root left behind
  WARN <root>: <why>         a reference that nothing carried provides, reached only through main
                             classes: it fails only if that code runs
  JAR <jar file name>        an analysed jar whose classes the kept tests reach (JNA, say): it travels
  NEEDS com.google.inject    a kept test refers to Guice or jakarta.inject
  MODULE <jdk module>        a JDK module that the kept tests and the extra root packages reach class by
                             class (the runtime's module list: narrower than every carried class's,
                             since framework-core's PNG plots alone would pull in java.desktop)
"""
import os
import re
import sys
from collections import defaultdict, deque

HEAVY = ('org.nd4j.', 'org.bytedeco.')
CPU_BACKEND = 'org.polymorph.gpu.cpu.'   # the ND4J TensorService: a test that reaches a heavy library through it runs it
PROVIDED = ('org.junit.', 'org.opentest4j.', 'org.apiguardian.', 'org.apache.logging.log4j.', 'jcuda.',
            'org.bytedeco.javacpp.', 'org.bytedeco.cuda.')   # pack.sh's own jars
GUICE = ('com.google.inject.', 'jakarta.inject.')   # carried (guice, jakarta.inject-api, ...) only when a kept test refers to them
EDGE = re.compile(r'^\s+(\S+)\s+->\s+(\S+)\s+(.*)$')
JDK = re.compile(r'(java|jdk)\.[\w.]+')


def heavy(name):
    """A class of a library that does not travel (ND4J, OpenBLAS), not of the JavaCPP and CUDA presets that do."""
    return name.startswith(HEAVY) and not name.startswith(PROVIDED)


def top(name):
    return name.split('$', 1)[0]


class Graph:
    """Class-to-class references, where each referenced class lives (a jar's name, a folder's, a JDK module, 'not found')."""

    def __init__(self, lines):
        self.edges = defaultdict(set)
        self.location = {}
        for line in lines:
            m = EDGE.match(line)
            if m:
                self.edges[m.group(1)].add(m.group(2))
                self.location[m.group(2)] = m.group(3).strip()

    def analysed(self, c):
        return c in self.edges

    def missing(self, c):
        """A class that nothing analysed or carried provides (heavy libraries and Guice are reported apart)."""
        return not self.analysed(c) and self.location.get(c) == 'not found' and not c.startswith(HEAVY + PROVIDED + GUICE)


def reach(graph, start, follow, stop):
    """Breadth-first from start along references to classes that follow() accepts; returns (reached, the first
    class that stop() accepts or None, the path to it)."""
    parent = {c: None for c in start}
    queue = deque(sorted(start))
    while queue:
        c = queue.popleft()
        for d in sorted(graph.edges[c]):
            if stop(d):
                path, p = [d], c
                while p is not None:
                    path.append(p)
                    p = parent[p]
                return set(parent), d, list(reversed(path))
            if d not in parent and follow(d):
                parent[d] = c
                queue.append(d)
    return set(parent), None, []


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
    graph = Graph(sys.stdin)
    prefix = package.replace('/', '.') + '.'
    roots = sorted({top(t) for t in tests if t.startswith(prefix)})
    in_tests = lambda c: c in tests   # noqa: E731
    anywhere = lambda c: graph.analysed(c) and not heavy(c)   # noqa: E731
    keep = set()
    exclude = re.compile(os.environ['PACK_EXCLUDE']) if os.environ.get('PACK_EXCLUDE') else None
    for root in roots:
        if exclude and exclude.search(root):
            print('DROP %s: matches PACK_EXCLUDE=%s' % (root, exclude.pattern))
            continue
        closure, bad = set(nested[root]), None
        while not bad:   # nested classes of every test class reached travel too, and are followed in turn
            closure, bad, path = reach(graph, closure, in_tests, lambda d: heavy(d) or graph.missing(d))
            bigger = closure | {n for c in closure for n in nested[top(c)]}
            if bigger == closure:
                break
            closure = bigger
        if bad:
            print('DROP %s: refers to %s, which does not travel (%s)' % (root, bad, ' -> '.join(path)))
            continue
        _, far, far_path = reach(graph, closure, anywhere, heavy)
        if far and any(c.startswith(CPU_BACKEND) for c in far_path):
            print('DROP %s: uses the ND4J backend (%s); the bundle carries no ND4J/OpenBLAS' % (root, ' -> '.join(far_path)))
            continue
        if far:
            print('WARN %s: reaches %s through main classes (%s); fails only if that code runs' % (root, far, ' -> '.join(far_path)))
        _, gap, gap_path = reach(graph, closure, anywhere, graph.missing)
        if gap:
            print('WARN %s: reaches %s, which nothing carried provides, through main classes (%s); fails only if that code runs'
                  % (root, gap, ' -> '.join(gap_path)))
        keep |= closure
    for c in sorted(keep):
        print('KEEP ' + tests[c])
    extra = tuple(p.rstrip('.') for p in sys.argv[3:])
    seeds = keep | {c for c in graph.edges if extra and c.startswith(extra)}
    reached, _, _ = reach(graph, seeds, anywhere, lambda d: False)
    for jar in sorted({graph.location.get(c, '') for c in reached if graph.location.get(c, '').endswith('.jar')}):
        print('JAR ' + jar)
    if any(d.startswith(GUICE) for c in keep for d in graph.edges[c]):
        print('NEEDS com.google.inject')
    for mod in sorted({graph.location[d] for c in reached for d in graph.edges[c] if JDK.fullmatch(graph.location.get(d, ''))}):
        print('MODULE ' + mod)


if __name__ == '__main__':
    main()
