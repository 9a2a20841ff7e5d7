#!/usr/bin/env bash
# fuzz/run.sh — the full fuzz run of issue 12: seeded byte-level and structure-aware mutations of the shared
# models and the model writer's samples, each loaded, allocated and invoked with zeros in child JVMs (the same
# harness as the CI test FuzzTest, with every kind of mutation, kernel-specific ones too).
#
#   fuzz/run.sh [--cases N] [--seed N] [--from N] [--validate true|false] [--parallel N] [--batch N] [--no-build]
#
#   --cases     how many cases (default 20000); case i of a seed is always the same model
#   --validate  false runs the children without the model validator, to count what it prevents (default true)
#   --parallel  child JVMs at a time (default 2)
#
# Prints progress, then: cases, refused by the validator, TFLite errors, Java exceptions, ok, hangs, JVM deaths,
# a table per kind of mutation, and each death with its reproducer. Reproducers (the model, and a text file of
# what was mutated and how the child died) stay in target/fuzz/crashes-<validated|unvalidated>-seed-<N>/.
# Needs a JDK 22+ (found as scripts/jdk.sh does), Maven, and the shared models (../shared/models beside the
# repository, or TFLITE_SHARED_MODELS). 20,000 cases take about 20 minutes here with the validator on (most are
# refused at load), and several times that without it (every crash is re-run alone and bisected).
set -euo pipefail

build=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
# shellcheck source=../scripts/jdk.sh
. "$root/scripts/jdk.sh"
out="$root/target/fuzz"
mkdir -p "$out"
classpath="$out/classpath.txt"

if [ "$build" = 1 ] || [ ! -f "$classpath" ]; then
  echo "fuzz: building the runtime and the test classes (log: $out/build.log)"
  # test-compile only: nothing is installed; the reactor's modules come from their target/ folders.
  (cd "$root" && mvn -B -ntp -Dstyle.color=never -pl tests -am -DskipTests test-compile \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath") > "$out/build.log" 2>&1 || {
    tail -40 "$out/build.log" >&2; echo "fuzz: the build failed; see $out/build.log" >&2; exit 1; }
fi

cp="$root/tests/target/test-classes:$root/tests/target/classes:$(cat "$classpath")"
exec java --enable-native-access=ALL-UNNAMED -Dtflite.ffm.cache.dir="$out/tflite-cache" -Xmx1g \
  -cp "$cp" dev.tfliteffm.tests.fuzz.FuzzMain --out "$out" "${args[@]}"
