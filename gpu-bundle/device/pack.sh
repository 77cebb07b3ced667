#!/usr/bin/env bash
# Packs the slim test bundle that travels to the GPU machine (the device tool's "carry"), at <repo>/.device:
#   jre.tar.xz    a jlinked Java 17 runtime with only the modules the carried code needs (the GPU machine has no Java)
#   lib/          JCuda (its natives jar without the 24 MB PTX-compiler library), JavaCPP and its CUDA presets (the natives
#                 jar with only the cudart, cuBLAS, cuSPARSE, cuSOLVER and cuFFT wrappers; the CUDA libraries themselves
#                 are the GPU machine's pip wheels, see check.sh), JUnit Platform launcher + Jupiter, log4j-api
#   classes/      gpu-bundle main classes (without its embedded lib/ jars), the CUDA test classes, framework-core main
#                 classes and its test classes (the TensorServiceContract suite and the reference service),
#                 autodiff-bundle main classes (GpuBench, the benchmark harness among the CUDA test classes, times
#                 bench.autodiff's MLP through them)
#   md/           the MD benchmark's share, as jars: materials-bundle's main classes and resources (bench.md's inputs, the
#                 host MD path, Si.sw), optimizers-bundle's main classes (materials' dependency) and DeviceMdBench (+ its
#                 options) from materials-bundle's tests: check.sh's md_bench step
#   launcher/     DeviceTests, the JUnit console of this folder, compiled
#   classpath.txt the class path, relative to .device; pack.json: versions, modules, sizes, left-out tests
# No ND4J or OpenBLAS: a CUDA test class that references them is left out (pack.json says which).
#
# Run after a build:  mvn -B -o -q -pl materials-bundle -am -DskipTests test-compile   (gpu-bundle, autodiff, optimizers with it)
# then:               gpu-bundle/device/pack.sh
# Options (environment): PACK_JRE_FORM=dir keeps the runtime unpacked (~2x larger); PACK_EXCLUDE=REGEX leaves out the
# CUDA test classes whose names it finds (e.g. '\.Emulated'); PACK_MODULES_EXTRA=m1,m2 adds JDK modules; M2_REPO.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
DEV=$ROOT/.device
M2=${M2_REPO:-$HOME/.m2/repository}
JRE_FORM=${PACK_JRE_FORM:-xz}
CUDA_PKG=org/polymorph/gpu/cuda
JDK_BIN=${JAVA_HOME:+$JAVA_HOME/bin/}

die() { echo "pack.sh: $*" >&2; exit 2; }
case "$JRE_FORM" in xz|dir) ;; *) die "PACK_JRE_FORM=$JRE_FORM is not known; use xz (default, smaller) or dir";; esac
for tool in jlink jdeps javac; do command -v "${JDK_BIN}$tool" >/dev/null || die "${JDK_BIN}$tool not found: install a JDK 17 (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"; done
release=$("${JDK_BIN}javac" -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
[ "$release" = 17 ] || die "javac is release $release; the runtime must be Java 17 (set JAVA_HOME to a JDK 17)"
for d in gpu-bundle/target/classes gpu-bundle/target/test-classes framework-core/target/classes framework-core/target/test-classes \
         autodiff-bundle/target/classes optimizers-bundle/target/classes materials-bundle/target/classes materials-bundle/target/test-classes; do
  [ -d "$ROOT/$d" ] || die "$d is missing: build first with mvn -B -o -q -pl materials-bundle -am -DskipTests test-compile"
done

# --- versions from the root pom (and the JUnit BOM for the platform's), resolved to jars in the local repository
JARS=$(python3 - "$ROOT/pom.xml" "$M2" <<'EOF'
import sys, os, xml.etree.ElementTree as ET
pom, m2 = sys.argv[1], sys.argv[2]
ns = {'m': 'http://maven.apache.org/POM/4.0.0'}
props = {e.tag.split('}')[1]: e.text for e in ET.parse(pom).getroot().find('m:properties', ns)}
def managed(bom_path, artifact):
    for d in ET.parse(bom_path).getroot().iter('{http://maven.apache.org/POM/4.0.0}dependency'):
        if d.find('m:artifactId', ns).text == artifact:
            return d.find('m:version', ns).text
    sys.exit('pack.sh: %s not managed in %s' % (artifact, bom_path))
def jar(group, artifact, version, classifier=None, ext='jar'):
    name = '%s-%s%s.%s' % (artifact, version, '-' + classifier if classifier else '', ext)
    path = os.path.join(m2, *group.split('.'), artifact, version, name)
    if not os.path.isfile(path):
        sys.exit('pack.sh: %s is not in the local Maven repository (%s); build gpu-bundle once online, or set M2_REPO' % (name, path))
    return path
junit = props['junit.version']
bom = jar('org.junit', 'junit-bom', junit, ext='pom')
platform = managed(bom, 'junit-platform-launcher')
api_pom = jar('org.junit.jupiter', 'junit-jupiter-api', junit, ext='pom')
deps = {d.find('m:artifactId', ns).text: d.find('m:version', ns) for d in ET.parse(api_pom).getroot().iter('{http://maven.apache.org/POM/4.0.0}dependency')}
opentest4j = deps['opentest4j'].text
apiguardian = deps['apiguardian-api'].text
rows = [
    ('jcuda', jar('org.jcuda', 'jcuda', props['jcuda.version'])),
    ('jcuda-natives', jar('org.jcuda', 'jcuda-natives', props['jcuda.version'], 'linux-x86_64')),
    ('junit', jar('org.junit.jupiter', 'junit-jupiter-api', junit)),
    ('junit', jar('org.junit.jupiter', 'junit-jupiter-engine', junit)),
    ('junit', jar('org.junit.jupiter', 'junit-jupiter-params', junit)),
    ('junit', jar('org.junit.platform', 'junit-platform-commons', platform)),
    ('junit', jar('org.junit.platform', 'junit-platform-engine', platform)),
    ('junit', jar('org.junit.platform', 'junit-platform-launcher', platform)),
    ('junit', jar('org.opentest4j', 'opentest4j', opentest4j)),
    ('junit', jar('org.apiguardian', 'apiguardian-api', apiguardian)),
    ('log4j', jar('org.apache.logging.log4j', 'log4j-api', props['log4j.version'])),
    ('guice', jar('com.google.inject', 'guice', props['guice.version'])),
    ('guice', jar('com.google.guava', 'guava', props['guava.version'])),
]
for kind, path in rows:
    print(kind, path)
EOF
) || die "could not resolve the jars (see above)"

rm -rf "$DEV"
mkdir -p "$DEV/lib" "$DEV/classes/gpu" "$DEV/classes/gpu-test" "$DEV/classes/core" "$DEV/classes/core-test" "$DEV/classes/autodiff" "$DEV/launcher" "$DEV/md"
# ignored by git: the folder ignores itself; the main checkout's info/exclude names it too (the device tool carries ignored paths)
printf '*\n' > "$DEV/.gitignore"
if [ "$(git -C "$ROOT" rev-parse --git-dir)" = "$(git -C "$ROOT" rev-parse --git-common-dir)" ]; then
  exclude=$(git -C "$ROOT" rev-parse --git-path info/exclude)
  case "$exclude" in /*) ;; *) exclude=$ROOT/$exclude;; esac
  mkdir -p "$(dirname "$exclude")"
  grep -qxF '/.device/' "$exclude" 2>/dev/null || echo '/.device/' >> "$exclude"
else
  echo "pack.sh: $ROOT is a linked worktree: .device/.gitignore keeps it ignored here; its main checkout's info/exclude is left alone"
fi

# --- classes: gpu-bundle main without the embedded jars under lib/ (ND4J, OpenBLAS, ... 140 MB), framework-core main and test
tar -C "$ROOT/gpu-bundle/target/classes" --exclude=./lib -cf - . | tar -C "$DEV/classes/gpu" -xf -
cp -r "$ROOT/framework-core/target/classes/." "$DEV/classes/core/"
cp -r "$ROOT/framework-core/target/test-classes/." "$DEV/classes/core-test/"

# --- the benchmark harness's share: autodiff-bundle's main classes (GpuBench times MlpBench's network through them;
#     a test-scope dependency of gpu-bundle), on the class path after framework-core
cp -r "$ROOT/autodiff-bundle/target/classes/." "$DEV/classes/autodiff/"

# --- the MD benchmark (check.sh's md_bench): materials' and optimizers' main classes and DeviceMdBench, as jars (a third
#     of their size unpacked); its JDK modules come from select_tests.py below (DeviceMdBench an extra root)
MDB=org/polymorph/materials/internal/method
ls "$ROOT/materials-bundle/target/test-classes/$MDB"/DeviceMdBench*.class >/dev/null 2>&1 \
  || die "materials-bundle/target/test-classes/$MDB/DeviceMdBench.class is missing: build first with mvn -B -o -q -pl materials-bundle -am -DskipTests test-compile"
"${JDK_BIN}jar" --create --file "$DEV/md/materials.jar" -C "$ROOT/materials-bundle/target/classes" .
"${JDK_BIN}jar" --create --file "$DEV/md/optimizers.jar" -C "$ROOT/optimizers-bundle/target/classes" .
( cd "$ROOT/materials-bundle/target/test-classes" && "${JDK_BIN}jar" --create --file "$DEV/md/materials-test.jar" "$MDB"/DeviceMdBench*.class )

# --- the CUDA test classes and the gpu-bundle test helpers they reach; one reaching ND4J/JavaCPP/OpenBLAS stays behind
#     (gpu-bundle's embedded jars are analysed too, ND4J/JavaCPP/OpenBLAS excepted: one that a kept test reaches travels, JNA say)
SELECT=$(mktemp)
#     (JavaCPP and the CUDA presets travel whole, below, so they are not analysed)
EMBED=$(ls "$ROOT"/gpu-bundle/target/embed/*.jar 2>/dev/null | grep -vE '/(nd4j|javacpp|openblas|cuda)[^/]*$' || true)
"${JDK_BIN}jdeps" -verbose:class -filter:none --multi-release 17 "$ROOT/gpu-bundle/target/test-classes" "$ROOT/gpu-bundle/target/classes" \
    "$ROOT/framework-core/target/classes" "$ROOT/framework-core/target/test-classes" "$ROOT/autodiff-bundle/target/classes" \
    "$DEV/md/materials.jar" "$DEV/md/optimizers.jar" "$DEV/md/materials-test.jar" $EMBED 2>/dev/null \
  | python3 "$HERE/select_tests.py" "$ROOT/gpu-bundle/target/test-classes" "$CUDA_PKG" org.polymorph.core.tensor.testing \
      org.polymorph.materials.internal.method.DeviceMdBench > "$SELECT"
( cd "$ROOT/gpu-bundle/target/test-classes"
  sed -n 's/^KEEP //p' "$SELECT" | while read -r f; do mkdir -p "$DEV/classes/gpu-test/$(dirname "$f")"; cp "$f" "$DEV/classes/gpu-test/$f"; done
  find . -type f ! -name '*.class' -print0 | xargs -0 -r -I{} cp --parents {} "$DEV/classes/gpu-test/" )
needs_guice=$(grep -c '^NEEDS com.google.inject' "$SELECT" || true)

# --- jars: JCuda natives without libJNvPTXCompiler (24 MB; the CUDA layer loads nvcc-built fatbins through the driver API)
while read -r kind path; do
  case "$kind" in
    jcuda-natives) cp "$path" "$DEV/lib/"; zip -q -d "$DEV/lib/$(basename "$path")" 'lib/libJNvPTXCompiler-*' ;;
    guice) if [ "$needs_guice" -gt 0 ]; then cp "$path" "$DEV/lib/"; fi ;;
    *) cp "$path" "$DEV/lib/" ;;
  esac
done <<< "$JARS"
# JavaCPP (classes and its JNI loader) and the CUDA presets from gpu-bundle's embed/; of the presets' natives only the
# wrappers that CudaLibraries loads (cudart; cuBLAS; cuSOLVER, which inherits cuBLAS and cuSPARSE; cuFFT): 5 MB -> 2 MB
for pattern in 'javacpp-[0-9]*.jar' 'cuda-[0-9]*.jar'; do
  for j in "$ROOT"/gpu-bundle/target/embed/$pattern; do
    [ -f "$j" ] || die "gpu-bundle/target/embed/$pattern is missing: build first with mvn -B -o -q -pl gpu-bundle -am -DskipTests package"
    cp "$j" "$DEV/lib/"
    case "$(basename "$j")" in
      cuda-*-linux-x86_64.jar)
        unzip -Z1 "$DEV/lib/$(basename "$j")" | grep -E '\.so$' | grep -vE '/libjni(cudart|cublas|cusparse|cusolver|cufft)\.so$' \
          | xargs -r zip -q -d "$DEV/lib/$(basename "$j")" ;;
    esac
  done
done
for j in $(sed -n 's/^JAR //p' "$SELECT"); do
  case "$j" in
    jcuda*|javacpp*|cuda-*) ;;                          # JCuda comes from the local repository, slimmed
    materials.jar|optimizers.jar|materials-test.jar) ;;  # md/, above
    *) cp "$ROOT/gpu-bundle/target/embed/$j" "$DEV/lib/";;
  esac
done
if [ "$needs_guice" -gt 0 ]; then   # guice 7's other needs: jakarta.inject, aopalliance, failureaccess
  for a in jakarta/inject/jakarta.inject-api aopalliance/aopalliance com/google/guava/failureaccess; do
    j=$(ls "$M2/$a"/*/*.jar 2>/dev/null | grep -v sources | sort -V | tail -1) && cp "$j" "$DEV/lib/"
  done
fi

# --- the console
LIBCP=$(ls "$DEV"/lib/*.jar | tr '\n' ':')
"${JDK_BIN}javac" --release 17 -nowarn -d "$DEV/launcher" -cp "$LIBCP" "$HERE/DeviceTests.java"
( cd "$DEV"; { echo launcher; echo classes/gpu-test; echo classes/core-test; echo classes/gpu; echo classes/core; echo classes/autodiff; ls md/*.jar lib/*.jar; } | paste -sd: ) > "$DEV/classpath.txt"

# --- the runtime: the JDK modules of the console and the jars (jdeps), those the CUDA tests and the contract suite reach
#     class by class (select_tests.py), jdk.unsupported (sun.misc.Unsafe, which libraries probe for) and PACK_MODULES_EXTRA
#     (jdeps -s, one "from -> module" line per dependence: --print-module-deps loses java.logging of the JUnit modules)
MODULES=$("${JDK_BIN}jdeps" -s --multi-release 17 "$DEV/launcher" "$DEV"/lib/*.jar 2>/dev/null | awk '$3 ~ /^(java|jdk)\./ {print $3}' | sort -u | paste -sd,)
MODULES=$(echo "$MODULES,$(grep '^MODULE ' "$SELECT" | cut -d' ' -f2 | paste -sd,),jdk.unsupported${PACK_MODULES_EXTRA:+,$PACK_MODULES_EXTRA}" \
    | tr ',' '\n' | grep . | sort -u | paste -sd,)
case ",$MODULES," in *,java.base,*) ;; *) die "jdeps gave no module list: $MODULES";; esac
JTMP=$(mktemp -d)
"${JDK_BIN}jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$JTMP/jre"
find "$JTMP/jre/lib" -name '*.so' -exec strip --strip-unneeded {} \;   # symbol tables of the JVM's own libraries: 4 MB
"$JTMP/jre/bin/java" -version 2> "$JTMP/version.txt" || die "the jlinked runtime does not start: $(cat "$JTMP/version.txt")"
jre_unpacked=$(du -sb "$JTMP/jre" | cut -f1)
if [ "$JRE_FORM" = xz ]; then
  tar -C "$JTMP" -cf - jre | xz -6 -T2 > "$DEV/jre.tar.xz"
else
  mv "$JTMP/jre" "$DEV/jre"
fi
rm -rf "$JTMP"

# --- what was packed
python3 - "$DEV" "$SELECT" "$MODULES" "$jre_unpacked" "$JRE_FORM" "$(git -C "$ROOT" rev-parse HEAD)" <<'EOF'
import json, os, sys, time
dev, select, modules, jre_unpacked, form, commit = sys.argv[1:]
def size(p):
    if os.path.isfile(p): return os.path.getsize(p)
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(p) for f in fs)
parts = {'jre': size(os.path.join(dev, 'jre.tar.xz' if form == 'xz' else 'jre')),
         'classes': size(os.path.join(dev, 'classes')), 'launcher': size(os.path.join(dev, 'launcher'))}
for j in sorted(os.listdir(os.path.join(dev, 'md'))):
    parts['md/' + j] = size(os.path.join(dev, 'md', j))
for j in sorted(os.listdir(os.path.join(dev, 'lib'))):
    parts['lib/' + j] = size(os.path.join(dev, 'lib', j))
lines = open(select).read().split('\n')
pack = {
    'built': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'commit': commit,
    'modules': modules.split(','), 'jre_form': form, 'jre_unpacked_bytes': int(jre_unpacked),
    'kept_test_classes': sorted(l.split(' ', 1)[1] for l in lines if l.startswith('KEEP ')),
    'left_out_test_classes': [l.split(' ', 1)[1] for l in lines if l.startswith('DROP ')],
    'warnings': [l.split(' ', 1)[1] for l in lines if l.startswith('WARN ')],
    'bytes': parts, 'total_bytes': size(dev),
}
json.dump(pack, open(os.path.join(dev, 'pack.json'), 'w'), indent=1)
mib = lambda b: b / 1048576
print('packed %s: %.1f MiB (limit of what travels: 64 MiB with the git working tree)' % (dev, mib(pack['total_bytes'])))
for k, v in sorted(parts.items(), key=lambda kv: -kv[1])[:6]:
    print('  %-48s %6.2f MiB' % (k, mib(v)))
print('  runtime modules: %s (unpacked %.1f MiB)' % (modules, mib(int(jre_unpacked))))
print('  CUDA test classes kept: %d, left out: %d' % (len(pack['kept_test_classes']), len(pack['left_out_test_classes'])))
for l in pack['left_out_test_classes'] + pack['warnings']:
    print('  ' + l)
EOF
rm -f "$SELECT"
