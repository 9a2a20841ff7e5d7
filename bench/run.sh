#!/usr/bin/env bash
# bench/run.sh — benchmarks of tflite-ffm against JavaCPP's JNI build of the same TFLite 2.21 library, the
# official TFLite Java API (DJL's TFLite 2.6.2 build) and a C loop over the C API.
#
#   bench/run.sh [quick|full|smoke|startup] [--no-build]
#
#   quick  (default) about 12-15 minutes on a 2-core machine: every contender on the tiny and mid models (3 forks),
#          the main ones on two large models, 1 vs 2 threads, time to first result (5 fresh JVMs each).
#   full   every workload, contender and XNNPACK setting, 2 forks and longer iterations, throughput for
#          every model, the prototypes that break the FFM path down (about 70 minutes).
#   smoke  seconds per benchmark: checks that everything runs (numbers meaningless).
#   startup  time to first result on hello_world, phase by phase (StartupProbe), against the minimal FFM
#          program (FirstResult.minimalFfm), and ./tflite-ffm run's whole-process time, each with and without
#          an AOT cache; mobilenet_v2_int8 against the minimal program too (no cache); STARTUP_RUNS (default 9)
#          fresh JVMs each. Writes startup.md and startup-*.jsonl.
#
# Needs a JDK 22+ (found as ../scripts/jdk.sh does), Maven, gcc, and the shared models in ../shared/models
# (or TFLITE_SHARED_MODELS). Results go to bench/results/<date>-<mode>/: the JMH JSON files, cloop.jsonl
# (the C loop), machine.json, and from them results.json, table.md, chart.png and latency.png.
set -euo pipefail

mode=quick
build=1
for arg in "$@"; do
  case "$arg" in
    quick|full|smoke|startup) mode="$arg" ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (expected quick, full, smoke, startup or --no-build)" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
# shellcheck source=../scripts/jdk.sh
. "$root/scripts/jdk.sh"
major=$(tflite_ffm_jdk_major "$JAVA_HOME")

if [ -z "${TFLITE_SHARED_MODELS:-}" ]; then
  TFLITE_SHARED_MODELS=$(cd "$root/../shared/models" 2>/dev/null && pwd) || {
    echo "run.sh: no ../shared/models beside the repository; set TFLITE_SHARED_MODELS" >&2; exit 1; }
fi
export TFLITE_SHARED_MODELS
export TFLITE_BENCH_MODELS="$here/target/models"
[ "$mode" = startup ] || command -v gcc >/dev/null || { echo "run.sh: gcc is needed for the C loop" >&2; exit 1; }

start=$(date +%s)
run="$here/results/$(date +%Y-%m-%d_%H%M%S)-$mode"
mkdir -p "$run"
log() { printf '[%4ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

# ---- build: the runtime and the benchmarks jar (shade profile only here, not in the normal reactor) ------
jar="$here/target/benchmarks.jar"
if [ "$build" = 1 ] || [ ! -f "$jar" ]; then
  log "building the runtime and bench/target/benchmarks.jar"
  (cd "$root" && mvn -B -ntp -Dstyle.color=never -pl bench -am -Pbenchmarks-jar -DskipTests package) > "$run/build.log" 2>&1 || {
    tail -40 "$run/build.log" >&2; echo "run.sh: the build failed; see $run/build.log" >&2; exit 1; }
fi

jvm_args="--enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g"
# JavaCPP uses sun.misc.Unsafe's memory access, which JDK 24+ warns about on each fork.
if [ "$major" -ge 24 ]; then jvm_args="$jvm_args --sun-misc-unsafe-memory-access=allow"; fi
java_run() { java --enable-native-access=ALL-UNNAMED -cp "$jar" "$@"; }

# ---- startup: fresh JVMs only, no JMH ----------------------------------------------------------------------
if [ "$mode" = startup ]; then
  n=${STARTUP_RUNS:-9}
  model="$TFLITE_SHARED_MODELS/hello_world_float.tflite"
  mobilenet="$TFLITE_SHARED_MODELS/mobilenet_v2_int8_1x3x224x224.tflite"
  library=$(java_run dev.tfliteffm.bench.StartupProbe where)
  now() { date +%s%N; }
  uptime > "$run/uptime-before.txt"
  # One JVM per sample: the probe's phases (JSON) plus the whole process's wall time, appended as "wall".
  sample() { # file, java args...
    local file="$1"; shift
    local t0 line t1
    t0=$(now); line=$(java --enable-native-access=ALL-UNNAMED "$@" 2>>"$run/probe-stderr.log"); t1=$(now)
    echo "${line%\}},\"wall\":$(( (t1 - t0) / 1000 )).0e-3}" >> "$run/$file"
  }
  aot="$run/aot"; mkdir -p "$aot"
  log "AOT caches of the probe (training runs)"
  java --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$aot/runtime.aot" -Xlog:aot=error -Xlog:cds=error \
    -cp "$jar" dev.tfliteffm.bench.StartupProbe runtime "$model" > "$aot/train-runtime.log" 2>&1
  java --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$aot/minimal.aot" -Xlog:aot=error -Xlog:cds=error \
    -cp "$jar" dev.tfliteffm.bench.StartupProbe minimal "$model" "$library" > "$aot/train-minimal.log" 2>&1
  log "building ./tflite-ffm and its AOT cache (a training run)"
  cli_run=(run "$model" --input 'dense_input=[[1.5708]]' --output-dir "$run/cli-out")
  TFLITE_FFM_AOT=off "$root/tflite-ffm" version > /dev/null
  TFLITE_FFM_AOT=sync TFLITE_FFM_AOT_DIR="$aot/cli" "$root/tflite-ffm" "${cli_run[@]}" > /dev/null
  log "$n fresh JVMs of each: probe and minimal program (with and without AOT), ./tflite-ffm run (with and without)"
  for ((i = 0; i < n; i++)); do # interleaved, so that a change of load hits every case alike
    sample startup-runtime.jsonl -cp "$jar" dev.tfliteffm.bench.StartupProbe runtime "$model"
    sample startup-minimal.jsonl -cp "$jar" dev.tfliteffm.bench.StartupProbe minimal "$model" "$library"
    sample startup-runtime-aot.jsonl -XX:AOTCache="$aot/runtime.aot" -cp "$jar" dev.tfliteffm.bench.StartupProbe runtime "$model"
    sample startup-minimal-aot.jsonl -XX:AOTCache="$aot/minimal.aot" -cp "$jar" dev.tfliteffm.bench.StartupProbe minimal "$model" "$library"
    sample startup-runtime-mobilenet.jsonl -cp "$jar" dev.tfliteffm.bench.StartupProbe runtime "$mobilenet"
    sample startup-minimal-mobilenet.jsonl -cp "$jar" dev.tfliteffm.bench.StartupProbe minimal "$mobilenet" "$library"
    for c in off on; do
      # wall (bash's clock) and the CPU time of the launcher and its JVM (user+sys, all threads)
      t0=$(now)
      cpu=$( { TIMEFORMAT='%U %S'; time TFLITE_FFM_AOT=$c TFLITE_FFM_AOT_DIR="$aot/cli" "$root/tflite-ffm" "${cli_run[@]}" > /dev/null; } 2>&1 | tail -1)
      t1=$(now)
      cpu_ms=$(awk -v u="${cpu% *}" -v s="${cpu#* }" 'BEGIN { printf "%.0f", (u + s) * 1000 }')
      echo "{\"mode\":\"cli-aot-$c\",\"wall\":$(( (t1 - t0) / 1000 )).0e-3,\"cpu\":$cpu_ms}" >> "$run/startup-cli-aot-$c.jsonl"
    done
  done
  uptime > "$run/uptime-after.txt"
  java_run dev.tfliteffm.bench.StartupProbe summary "$run" | tee "$run/startup.md"
  rm -rf "$aot"/*.aot "$aot/cli" "$run/cli-out" # the caches are tens of MB; their training logs stay
  log "done: $run/startup.md"
  exit 0
fi

# ---- the C loop: compiled now with gcc against the same library -----------------------------------------
log "preparing models and inputs"
java_run dev.tfliteffm.bench.Prepare > "$run/prepare.txt"
library=$(awk '$1 == "library" {print $2}' "$run/prepare.txt")

headers="$here/target/tflite-headers"
if [ ! -f "$headers/headers/tensorflow/lite/core/c/c_api.h" ]; then
  log "fetching the TFLite C headers (org.tensorflow:tensorflow-lite:2.16.1 AAR)"
  mkdir -p "$headers"
  (cd "$here" && mvn -q -B -ntp -Dstyle.color=never dependency:copy \
      -Dartifact=org.tensorflow:tensorflow-lite:2.16.1:aar -DoutputDirectory="$headers") > "$run/headers.log" 2>&1 || {
    cat "$run/headers.log" >&2; exit 1; }
  unzip -q -o "$headers/tensorflow-lite-2.16.1.aar" 'headers/*' -d "$headers"
fi
cloop="$here/target/cloop"
gcc -O2 -std=c11 -Wall -Wextra -I "$headers/headers" -I "$root/bindings/src/main/c/standins" \
    -I "$root/bindings/src/main/c" -o "$cloop" "$here/src/main/c/cloop.c" -ldl -lpthread

git_rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" status --porcelain 2>/dev/null | head -1)" ]; then git_rev="$git_rev+uncommitted"; fi
java_run -Dbench.mode="$mode" -Dbench.git="$git_rev" -Dbench.gcc="$(gcc -dumpfullversion 2>/dev/null || gcc -dumpversion)" \
    -Dbench.library="$library" -Dbench.jvmArgs="$jvm_args" dev.tfliteffm.bench.MachineInfo "$run/machine.json"

# cloop_run MODE WORKLOAD XNNPACK(0|1) [WARMUP_MS ITER_MS ITERATIONS [THREADS]]
cloop_run() {
  local m="$1" w="$2" x="$3"; shift 3
  local line; line=$(awk -v w="$w" '$1 == w' "$run/prepare.txt")
  [ -n "$line" ] || { echo "run.sh: unknown workload $w" >&2; return 1; }
  # shellcheck disable=SC2086
  set -- $line "$@"
  local model="$2" sig="$3" in="$4" out="$5" input="$6"; shift 6
  if [ "$m" = first ]; then
    "$cloop" first "$library" "$model" "$sig" "$in" "$out" "$input" "$x" "$w" 2>>"$run/cloop.log" >>"$run/cloop.jsonl"
  else
    "$cloop" "$m" "$library" "$model" "$sig" "$in" "$out" "$input" "$x" "$@" "$w" ${threads:+"$threads"} \
        2>>"$run/cloop.log" >>"$run/cloop.jsonl"
  fi
}

jmh() { # jmh NAME ARGS...: one JMH invocation with JSON output
  local name="$1"; shift
  log "jmh $name"
  java -jar "$jar" "$@" -jvmArgsAppend "$jvm_args" -rf json -rff "$run/jmh-$name.json" > "$run/jmh-$name.log" 2>&1 || {
    echo "run.sh: JMH run '$name' failed; see $run/jmh-$name.log" >&2; return 1; }
  if grep -q '<failure>' "$run/jmh-$name.log"; then
    echo "run.sh: some benchmarks of '$name' failed; see $run/jmh-$name.log" >&2
  fi
}

B='^dev\.tfliteffm\.bench\.'
ALL_SIG="${B}(Ffm|JavaCpp|Official|Compat)\.[a-zA-Z]+\$"
NO_SIG="${B}(Ffm|JavaCpp)\.[a-zA-Z]+\$|${B}(Official|Compat)\.run\$"
MAIN="${B}(Ffm\.prepared|JavaCpp\.tuned|Official\.run|Compat\.run)\$"
THREAD_SET="${B}(Ffm\.prepared|JavaCpp\.tuned|Official\.runSignatureBuffers)\$"

case "$mode" in
  smoke)
    small=(-wi 1 -w 100ms -i 2 -r 100ms -f 1); large=(-wi 0 -i 2 -r 100ms -f 1); thr=(-wi 1 -w 100ms -i 2 -r 100ms -f 1)
    small_models=hello_world,mnist_dense; large_models=convnet_float; first_models=hello_world; first_forks=1
    c_small=(50 100 2); c_procs=1; c_large=(100 100 2); thread_models=(hello_world)
    ;;
  quick)
    # 3 forks x 4 iterations for the tiny models: forks disagree (memory layout) far more than iterations do.
    small=(-wi 1 -w 400ms -i 4 -r 400ms -f 3); large=(-wi 1 -w 700ms -i 3 -r 700ms -f 1); thr=(-wi 1 -w 300ms -i 3 -r 400ms -f 1)
    small_models=hello_world,mnist_dense; large_models=mobilenet_v2_int8,convnet_float; first_models=hello_world,mobilenet_v2_int8
    first_forks=5; c_small=(300 200 5); c_procs=3; c_large=(500 700 3); thread_models=(hello_world convnet_float)
    ;;
  full)
    small=(-wi 3 -w 1s -i 4 -r 1s -f 4); large=(-wi 2 -w 2s -i 5 -r 2s -f 2); thr=(-wi 2 -w 1s -i 5 -r 1s -f 2)
    small_models=hello_world,mnist_dense; large_models=mobilenet_v2_int8,convnet_float,convnet_int8
    first_models=hello_world,mnist_dense,mobilenet_v2_int8,convnet_float,convnet_int8; first_forks=5
    c_small=(2000 500 8); c_procs=6; c_large=(4000 2000 10); thread_models=(hello_world mnist_dense mobilenet_v2_int8 convnet_float convnet_int8)
    ;;
esac

# ---- latency per step (avgt) with allocation (-prof gc) --------------------------------------------------
jmh latency-small "$ALL_SIG" -p model="$small_models" -p xnnpack=off,on -p cancellable=on -bm avgt -tu us -prof gc "${small[@]}"
if [ "$mode" = full ]; then
  jmh latency-large "$ALL_SIG" -p model=convnet_float,convnet_int8 -p xnnpack=off,on -p cancellable=on -bm avgt -tu us -prof gc "${large[@]}"
  jmh latency-mobilenet "$NO_SIG" -p model=mobilenet_v2_int8 -p xnnpack=off,on -p cancellable=on -bm avgt -tu us -prof gc "${large[@]}"
else
  jmh latency-large "$MAIN" -p model="$large_models" -p xnnpack=off,on -p cancellable=on -bm avgt -tu us -prof gc "${large[@]}"
fi

# ---- diagnosis: the FFM floor (prototypes in bench/) and the runtime without cancellation -------------------
if [ "$mode" = full ]; then
  diag_models=hello_world,mobilenet_v2_int8; diag_x=off,on; diag=(-wi 3 -w 1s -i 4 -r 1s -f 2)
else
  diag_models=hello_world; diag_x=on; diag=("${small[@]}")
fi
jmh diagnosis "${B}Prototype\.(raw|rawGlobal|rawClaim|runtimeFixed|copiesOnly)\$|${B}Ffm\.prepared\$" -p model="$diag_models" \
    -p xnnpack="$diag_x" -p cancellable=off -bm avgt -tu us "${diag[@]}"
jmh diagnosis-2t "${B}Prototype\.(raw|rawGlobal|runtimeFixed)\$|${B}Ffm\.prepared\$" -p model=hello_world -p xnnpack=on -p cancellable=off \
    -bm thrpt -tu ms -t 2 "${thr[@]}"

# ---- throughput, 1 and 2 threads, one interpreter per thread ---------------------------------------------
tm=$(IFS=,; echo "${thread_models[*]}")
if [ "$mode" = full ]; then thread_x=off,on; else thread_x=on; fi
for t in 1 2; do
  # mobilenet_v2_int8 has no SignatureDefs: the official API runs it with run().
  set_sig="$THREAD_SET"
  jmh "throughput-${t}t" "$set_sig" -p model="${tm/mobilenet_v2_int8,/}" -p xnnpack="$thread_x" -p cancellable=on -bm thrpt -tu ms -t "$t" "${thr[@]}"
  if [[ ",$tm," == *",mobilenet_v2_int8,"* ]]; then
    jmh "throughput-mobilenet-${t}t" "$MAIN" -p model=mobilenet_v2_int8 -p xnnpack="$thread_x" -p cancellable=on -bm thrpt -tu ms -t "$t" "${thr[@]}"
  fi
done

# ---- time to first result (a fresh JVM per sample), XNNPACK on (the runtime's default) --------------------
jmh first "${B}FirstResult\.(ffm|javacpp|official)\$" -p model="$first_models" -p xnnpack=on -bm ss -tu ms -wi 0 -i 1 -f "$first_forks"

# ---- the C loop ------------------------------------------------------------------------------------------
log "C loop"
: > "$run/cloop.jsonl"
for ((p = 0; p < c_procs; p++)); do # several processes: per-process memory layout moves tiny models by up to ~2x
  for w in ${small_models//,/ }; do for x in 0 1; do cloop_run latency "$w" "$x" "${c_small[@]}"; done; done
done
for w in ${large_models//,/ }; do for x in 0 1; do cloop_run latency "$w" "$x" "${c_large[@]}"; done; done
if [ "$mode" = full ]; then cx=(0 1); else cx=(1); fi
for w in "${thread_models[@]}"; do
  for x in "${cx[@]}"; do
    for threads in 1 2; do cloop_run throughput "$w" "$x" "${c_small[@]}"; done
    unset threads
  done
done
for w in ${first_models//,/ }; do for ((i = 0; i < first_forks; i++)); do cloop_run first "$w" 1; done; done

# ---- report ----------------------------------------------------------------------------------------------
log "report"
java_run dev.tfliteffm.bench.Report "$run"
log "done: $run"
