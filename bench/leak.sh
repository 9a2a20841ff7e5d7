#!/usr/bin/env bash
# bench/leak.sh — the long run of the leak loop that tests/LeakTest runs for 3,000 cycles: load a model, create an
# interpreter, run it on zeros, close both, CYCLES times, sampling resident memory (VmRSS) 50 times, and the
# least-squares slope of the second half in KiB per 1000 cycles (a leaked mnist interpreter would be 2.7 MB a cycle).
#
#   bench/leak.sh [CYCLES] [MODEL]      CYCLES default 100000; MODEL a file of ../shared/models,
#                                       default mnist_dense_float.tflite (about 5 ms a cycle on one core here)
#
# Linux only (/proc/self/status). Needs a JDK 22+ (found as ../scripts/jdk.sh does), Maven, and the shared models
# (or TFLITE_SHARED_MODELS). Output: bench/results/<date>-leak/leak.txt (every sample, then the slope).
set -euo pipefail

cycles="${1:-100000}"
model="${2:-mnist_dense_float.tflite}"
case "$cycles" in ''|*[!0-9]*) echo "leak.sh: CYCLES must be a number, not '$cycles'" >&2; exit 2 ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
# shellcheck source=../scripts/jdk.sh
. "$root/scripts/jdk.sh"
[ -r /proc/self/status ] || { echo "leak.sh: needs /proc/self/status (Linux)" >&2; exit 1; }

run="$here/results/$(date +%Y-%m-%d_%H%M%S)-leak"
mkdir -p "$run"
echo "building the tests' classes (log: $run/build.log)"
(cd "$root" && mvn -B -ntp -Dstyle.color=never -pl tests -am -DskipTests -Dspotless.check.skip=true \
    test-compile dependency:build-classpath -Dmdep.outputFile="$run/classpath.txt" -Dmdep.includeScope=test) \
    > "$run/build.log" 2>&1 || { tail -30 "$run/build.log" >&2; echo "leak.sh: the build failed" >&2; exit 1; }

cp="$root/tests/target/test-classes:$(cat "$run/classpath.txt")"
echo "$cycles cycles of $model; samples in $run/leak.txt"
# A fixed, pre-touched heap: heap growth must not look like a native leak.
java --enable-native-access=ALL-UNNAMED -Xms96m -Xmx96m -XX:+AlwaysPreTouch \
    -Dtflite.ffm.cache.dir="$root/tests/target/tflite-cache" \
    -cp "$cp" dev.tfliteffm.tests.runtime.LeakLoop "$cycles" "$model" | tee "$run/leak.txt"
rm -f "$run/classpath.txt"
