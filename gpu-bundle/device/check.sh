#!/usr/bin/env bash
# The one device check of the CUDA work, on the GPU machine (device tool: command `bash gpu-bundle/device/check.sh`,
# carry [".device"], timeout_s 600; see README.md beside this file). Also runs here, without a GPU, to test itself:
#   OUT=/tmp/cudapack-out bash gpu-bundle/device/check.sh
# Steps, each under `timeout`, each recorded (steps.tsv) and none stopping the next:
#   host, nvidia-smi, nvcc    what the machine is (GPU, driver, clocks, CUDA compiler)
#   java                      the carried runtime (.device/jre.tar.xz, unpacked under /tmp) or a system Java 17+
#   cuda libraries            the pip wheels' CUDA 13 library folders (cuda_libs.py) put on LD_LIBRARY_PATH and
#                             java.library.path for the JavaCPP presets (cuBLAS, cuSOLVER, cuFFT); env/cuda-libs.txt
#   junit                     DeviceTests over the carried classes: package org.polymorph.gpu.cuda and the CUDA
#                             contract class (TEST_PACKAGES / TEST_CLASSES override; an absent class is noted)
#   peer_bench                PyTorch's matmul and MLP numbers (peer_bench.py)
#   gpu_bench                 ours: GpuBench (gpu-bundle tests) through the CUDA TensorService, the same cases, in what
#                             is left of the budget less md_bench's share (GPU_BENCH_LIMIT_S; GPU_BENCH_ARGS adds options)
#   md_bench                  ours: DeviceMdBench (materials-bundle tests): bench.md.lj and bench.md.sw atom-steps/s on the
#                             GPU, on our CPU path (all cores) and the force kernels' memory-bandwidth fraction, in what
#                             is left (MD_BENCH_LIMIT_S, default 120; MD_BENCH_ARGS adds options)
#   summary                   summary.json + the table printed last (summarize.py)
# Under $OUT (at most 9 files): summary.json, summary.txt, junit.txt, junit.xml, peer_bench.json, gpu_bench.json, md_bench.json,
# check.log, logs.tar.gz.
# The whole stays under CHECK_BUDGET_S (default 530 s); each step's limit is cut to what is left.
set -uo pipefail

T0=$SECONDS
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DEV=${DEVICE_DIR:-$ROOT/.device}
BUDGET=${CHECK_BUDGET_S:-530}
TEST_PACKAGES=${TEST_PACKAGES:-org.polymorph.gpu.cuda}
TEST_CLASSES=${TEST_CLASSES:-org.polymorph.gpu.cuda.internal.CudaTensorServiceJCudaContractTest}
[ -n "${OUT:-}" ] || { echo "check.sh: OUT is not set: give OUT=/a/folder for the results (the device tool sets it)" >&2; exit 2; }
case "$BUDGET" in ''|*[!0-9]*) echo "check.sh: CHECK_BUDGET_S=$BUDGET is not a whole number of seconds; give e.g. 530" >&2; exit 2;; esac
MD_BENCH_LIMIT=${MD_BENCH_LIMIT_S:-120}
case "$MD_BENCH_LIMIT" in ''|*[!0-9]*) echo "check.sh: MD_BENCH_LIMIT_S=$MD_BENCH_LIMIT is not a whole number of seconds; give e.g. 120" >&2; exit 2;; esac
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/devcheck.XXXXXX")
mkdir -p "$WORK/env" "$WORK/logs" "$WORK/junit" "$WORK/bench" "$WORK/tmp"
: > "$WORK/steps.tsv"

say() { echo "[check $((SECONDS - T0))s] $*" | tee -a "$WORK/logs/check.log"; }

# clamp LIMIT_S: LIMIT_S, or less so that RESERVE_S (default 25: the summary and the files) stays in the budget
clamp() {
  local left=$((BUDGET - (SECONDS - T0) - ${RESERVE_S:-25}))
  if [ "$1" -le "$left" ]; then echo "$1"; else echo "$left"; fi
}

# step NAME LIMIT_S COMMAND...: COMMAND's output to logs/NAME.log; its status, seconds and limit to steps.tsv
step() {
  local name=$1 limit; limit=$(clamp "$2"); shift 2
  if [ "$limit" -lt 5 ]; then
    printf '%s\t\t0\tnot run: the %ss budget is spent\n' "$name" "$BUDGET" >> "$WORK/steps.tsv"; say "$name: not run (budget spent)"; return 1
  fi
  local s=$SECONDS rc
  timeout -k 10 "$limit" "$@" > "$WORK/logs/$name.log" 2>&1
  rc=$?
  printf '%s\t%d\t%d\tlimit %ss\n' "$name" "$rc" $((SECONDS - s)) "$limit" >> "$WORK/steps.tsv"
  say "$name: exit $rc in $((SECONDS - s)) s (limit $limit s)$([ $rc = 124 ] || [ $rc = 137 ] && echo ': TIMED OUT')"
  return $rc
}
skip() { printf '%s\t\t0\tnot run: %s\n' "$1" "$2" >> "$WORK/steps.tsv"; say "$1: not run ($2)"; }

# --- the machine
step host 30 bash -c 'uname -a; nproc; free -g; df -h /tmp; ldconfig -p | grep -E "libcuda\.so|libnvrtc|libcublas\.so" ; ls -d /usr/local/cuda* /usr/local/nvidia 2>&1; true'
if command -v nvidia-smi >/dev/null; then
  step nvidia-smi 30 bash -c "nvidia-smi; nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,temperature.gpu,power.draw --format=csv,noheader > '$WORK/env/gpu.csv' 2>&1"
else
  echo "nvidia-smi: not found on PATH" > "$WORK/env/gpu.csv"; skip nvidia-smi "nvidia-smi not found: no GPU"
fi
NVCC=$(command -v nvcc || ls /usr/local/cuda/bin/nvcc 2>/dev/null || true)
if [ -n "$NVCC" ]; then step nvcc 30 "$NVCC" --version && cp "$WORK/logs/nvcc.log" "$WORK/env/nvcc.txt"; else echo absent > "$WORK/env/nvcc.txt"; skip nvcc "nvcc not found"; fi

# --- Java: the carried runtime first (known modules and version), else a system Java 17 or newer
if command -v java >/dev/null; then java -version > "$WORK/env/java-system.txt" 2>&1; else echo "absent (no java on PATH)" > "$WORK/env/java-system.txt"; fi
JAVA=
if [ -x "$DEV/jre/bin/java" ]; then
  JAVA=$DEV/jre/bin/java
elif [ -f "$DEV/jre.tar.xz" ]; then
  if command -v xz >/dev/null; then
    step jre 90 tar -C "$WORK" -xJf "$DEV/jre.tar.xz"
  else
    step jre 90 python3 -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$DEV/jre.tar.xz" "$WORK"
  fi
  [ -x "$WORK/jre/bin/java" ] && JAVA=$WORK/jre/bin/java
else
  skip jre "no carried runtime under $DEV (run gpu-bundle/device/pack.sh here and carry .device)"
fi
if [ -n "$JAVA" ] && ! "$JAVA" -version > "$WORK/env/java.txt" 2>&1; then
  say "the carried runtime does not start: $(head -1 "$WORK/env/java.txt")"
  ldd "$JAVA" "$(dirname "$JAVA")/../lib/server/libjvm.so" > "$WORK/logs/jre-ldd.log" 2>&1   # a missing libz/libstdc++ shows here
  JAVA=
fi
if [ -z "$JAVA" ] && command -v java >/dev/null && java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then
  JAVA=$(command -v java); java -version > "$WORK/env/java.txt" 2>&1
fi
echo "${JAVA:-none}" > "$WORK/env/java-used.txt"

# --- the CUDA 13 libraries of the pip wheels (nvidia-cublas, -cusolver, -cufft, ...) for the JavaCPP presets: their folders
#     on LD_LIBRARY_PATH (the JNI wrappers' dependencies) and java.library.path; without them the CUDA TensorService keeps
#     its own matmul kernel and the host, and its describe() says why
CUDA_LIBS=
if command -v python3 >/dev/null; then
  python3 "$HERE/cuda_libs.py" > "$WORK/env/cuda-libs.txt" 2>&1
  if grep -qE '^(FOUND|MISSING) ' "$WORK/env/cuda-libs.txt"; then CUDA_LIBS=$(sed -n 1p "$WORK/env/cuda-libs.txt"); fi
  say "CUDA libraries for the presets: $(grep -c '^FOUND ' "$WORK/env/cuda-libs.txt") found, missing: $(sed -n 's/^MISSING //p' "$WORK/env/cuda-libs.txt" | paste -sd' ')"
else
  echo "python3 not found: the pip wheels' CUDA libraries were not looked for" > "$WORK/env/cuda-libs.txt"
fi
if [ -n "$CUDA_LIBS" ]; then export LD_LIBRARY_PATH="$CUDA_LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
JAVA_LIBRARY_PATH="${CUDA_LIBS:+$CUDA_LIBS:}/usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib"

# --- the JUnit run over the carried classes
if [ -z "$JAVA" ]; then
  skip junit "no Java 17: neither carried nor on the system"
elif [ ! -f "$DEV/classpath.txt" ]; then
  skip junit "$DEV/classpath.txt missing: run gpu-bundle/device/pack.sh and carry .device"
else
  CP=$(tr ':' '\n' < "$DEV/classpath.txt" | sed "s#^#$DEV/#" | paste -sd:)
  SELECT=()
  for p in $TEST_PACKAGES; do SELECT+=(--package "$p"); done
  for c in $TEST_CLASSES; do SELECT+=(--class "$c"); done
  cd "${TEST_CWD:-$ROOT/gpu-bundle}"   # the module's folder, as under surefire: tests read src/main/cuda and the like
  POLYMORPH_DEVICE_OUT=$WORK/bench step junit "${JUNIT_LIMIT_S:-240}" "$JAVA" -Xmx"${JAVA_XMX:-16g}" \
      -Djava.io.tmpdir="$WORK/tmp" -Dpolymorph.device.out="$WORK/bench" \
      -Djava.library.path="$JAVA_LIBRARY_PATH" -Dorg.bytedeco.javacpp.cachedir="$WORK/javacpp" \
      -Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory \
      -Dorg.apache.logging.log4j.simplelog.level=WARN \
      -cp "$CP" DeviceTests --reports "$WORK/junit" --timeout-s "${TEST_TIMEOUT_S:-240}" "${SELECT[@]}"
  cd "$ROOT"
fi

# --- the PyTorch peer
if command -v python3 >/dev/null; then
  PEER_LIMIT=$(clamp "${PEER_LIMIT_S:-100}")
  PYTHONUNBUFFERED=1 step peer_bench "$PEER_LIMIT" python3 "$HERE/peer_bench.py" --out "$WORK/peer_bench.json" \
      --budget-s $((PEER_LIMIT * 2 / 3)) ${PEER_ARGS:-}
else
  skip peer_bench "python3 not found"
fi

# --- ours: GpuBench, the same matmul and MLP cases through the CUDA TensorService (JCuda, device 0), after the peer so
#     that the peer's numbers exist whatever happens here; it starts no case, nor one projected to end, past --budget-s
#     (the step's limit less GPU_BENCH_MARGIN_S for the JVM, the device's start and the last report), and lists those
#     it left out under not_run. Its JSON goes to bench/, where summarize.py sets it against peer_bench.json.
gpu_bench() {
  local limit margin=${GPU_BENCH_MARGIN_S:-20}
  limit=$(RESERVE_S=$((25 + MD_BENCH_LIMIT)) clamp "${GPU_BENCH_LIMIT_S:-240}")   # md_bench's share stays in the budget
  [ "$limit" -ge 0 ] || limit=0
  if [ -z "$JAVA" ]; then skip gpu_bench "no Java 17: neither carried nor on the system"; return; fi
  if [ ! -f "$DEV/classpath.txt" ]; then skip gpu_bench "$DEV/classpath.txt missing: run gpu-bundle/device/pack.sh and carry .device"; return; fi
  if [ "$limit" -le $((margin + 5)) ]; then skip gpu_bench "only ${limit}s of the ${BUDGET}s budget left"; return; fi
  local cp; cp=$(tr ':' '\n' < "$DEV/classpath.txt" | sed "s#^#$DEV/#" | paste -sd:)
  ( cd "${TEST_CWD:-$ROOT/gpu-bundle}" && step gpu_bench "$limit" "$JAVA" -Xmx"${GPU_BENCH_XMX:-24g}" -Djava.io.tmpdir="$WORK/tmp" \
      -Djava.library.path="$JAVA_LIBRARY_PATH" -Dorg.bytedeco.javacpp.cachedir="$WORK/javacpp" \
      -Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory \
      -Dorg.apache.logging.log4j.simplelog.level=WARN \
      -cp "$cp" org.polymorph.gpu.cuda.internal.GpuBench --out "$WORK/bench/gpu_bench.json" --budget-s $((limit - margin)) ${GPU_BENCH_ARGS:-} )
}
gpu_bench

# --- ours: the MD benchmark (DeviceMdBench, materials-bundle tests, carried under .device/md): LAMMPS's in.lj at 32,000 and
#     1,048,576 atoms and SW silicon at 64,000 and 1,000,000 on device 0, then bench.md's CPU path of the same input on all
#     cores (a shorter run), and the force kernels alone against the device's peak memory bandwidth. After gpu_bench, in
#     what is left (at most MD_BENCH_LIMIT_S); it starts no case, nor one projected to end, past --budget-s (the limit less
#     MD_BENCH_MARGIN_S) and lists those under not_run. Its JSON goes to bench/md_bench.json ("md" rows, summarize.py).
md_bench() {
  local limit margin=${MD_BENCH_MARGIN_S:-20}
  limit=$(clamp "$MD_BENCH_LIMIT")
  [ "$limit" -ge 0 ] || limit=0
  if [ -z "$JAVA" ]; then skip md_bench "no Java 17: neither carried nor on the system"; return; fi
  if [ ! -f "$DEV/classpath.txt" ]; then skip md_bench "$DEV/classpath.txt missing: run gpu-bundle/device/pack.sh and carry .device"; return; fi
  if [ "$limit" -le $((margin + 5)) ]; then skip md_bench "only ${limit}s of the ${BUDGET}s budget left"; return; fi
  local cp; cp=$(tr ':' '\n' < "$DEV/classpath.txt" | sed "s#^#$DEV/#" | paste -sd:)
  ( cd "$ROOT" && step md_bench "$limit" "$JAVA" -Xmx"${MD_BENCH_XMX:-32g}" -Djava.io.tmpdir="$WORK/tmp" \
      -Djava.library.path="$JAVA_LIBRARY_PATH" -Dorg.bytedeco.javacpp.cachedir="$WORK/javacpp" \
      -Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory \
      -Dorg.apache.logging.log4j.simplelog.level=WARN \
      -cp "$cp" org.polymorph.materials.internal.method.DeviceMdBench --out "$WORK/bench/md_bench.json" --budget-s $((limit - margin)) \
      ${MD_BENCH_ARGS:-} )
}
md_bench

# --- summary, files under $OUT, the table last
cp "$DEV/pack.json" "$WORK/pack.json" 2>/dev/null || true
if command -v python3 >/dev/null; then
  RESERVE_S=3 step summary 20 python3 "$HERE/summarize.py" "$WORK" "$OUT/summary.json"
  cp "$WORK/logs/summary.log" "$OUT/summary.txt" 2>/dev/null
fi
for f in junit/junit.txt junit/junit.xml peer_bench.json bench/gpu_bench.json bench/md_bench.json; do
  [ -f "$WORK/$f" ] && head -c 16000000 "$WORK/$f" > "$OUT/$(basename "$f")"
done
say "done in $((SECONDS - T0)) s; results under $OUT"
tar -C "$WORK" -czf "$OUT/logs.tar.gz" logs env junit bench steps.tsv $( [ -f "$WORK/pack.json" ] && echo pack.json ) 2>/dev/null
head -c 16000000 "$WORK/logs/check.log" > "$OUT/check.log"
echo
if [ -s "$OUT/summary.txt" ]; then cat "$OUT/summary.txt"; else cat "$WORK/steps.tsv"; fi
rm -rf "$WORK"
