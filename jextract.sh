#!/usr/bin/env bash
# Regenerates the committed FFM bindings in bindings/src/main/java/dev/tfliteffm/internal/bindings/.
#
# Inputs (all pinned, so running it again on the same inputs gives no diff):
#   - the TFLite C headers under headers/ in Maven Central's org.tensorflow:tensorflow-lite:2.16.1 AAR;
#   - bindings/src/main/c/standins/: minimal stand-ins for two headers that the AAR's headers include
#     but do not ship (tensorflow/lite/core/async/c/types.h, tensorflow/lite/core/c/registration_external.h);
#   - bindings/src/main/c/tflite_ffm_extra.h: functions and structs of TFLite 2.21.0 that the 2.16.1
#     headers lack (TfLiteTensorGetDimsSignature, XNNPACK and external delegates, TfLiteOperator custom
#     ops), copied from 2.21's headers;
#   - the native libraries of org.bytedeco:tensorflow-lite:2.21.0-1.5.14 for every bundled platform.
# Output: the TFLite API only (declarations from libc and compiler headers are left out), and only the
# functions that every bundled platform library with the C API exports, so that no binding names a
# missing symbol. (The windows-x86_64 library exports JNI functions only; it is reported and skipped.)
# Post-processing routes the generated symbol lookup through the native-libs loader
# (dev.tfliteffm.nativelib.TfLiteLibrary) and replaces SymbolLookup.findOrThrow (JDK 23+) so that the
# code compiles with --release 22.
#
# Needs: jextract (from $JEXTRACT, else on PATH; it is in no registry: build openjdk/jextract from source),
# a JDK >= 22 (found as ./run-tests finds it), mvn and unzip. CI and users never run this.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
. scripts/jdk.sh

JEXTRACT=${JEXTRACT:-$(command -v jextract || true)}
if [ -z "$JEXTRACT" ] || [ ! -x "$JEXTRACT" ]; then
  echo "jextract.sh: jextract not found: set JEXTRACT=/path/to/bin/jextract or put jextract on PATH." >&2
  echo "  jextract is in no package registry; build openjdk/jextract (master) from source with a JDK 22+" >&2
  echo "  and libclang (Debian: libclang1-14 and libclang-common-14-dev)." >&2
  exit 1
fi

headers_version=2.16.1
natives_version=2.21.0-1.5.14
platforms="linux-x86_64 linux-arm64 macosx-x86_64 macosx-arm64 windows-x86_64"
package=dev.tfliteffm.internal.bindings
out_dir=bindings/src/main/java/${package//.//}
c_dir=bindings/src/main/c

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "jextract.sh: fetching org.tensorflow:tensorflow-lite:$headers_version (headers) and the platform jars"
mvn -q -B -ntp dependency:copy -Dartifact="org.tensorflow:tensorflow-lite:$headers_version:aar" -DoutputDirectory="$work" >/dev/null
unzip -q "$work/tensorflow-lite-$headers_version.aar" 'headers/*' -d "$work"
# The headers declare parameterless functions as `f()`, which C reads as "unspecified arguments" and
# jextract then binds as variadic; they mean `f(void)` (the headers are also C++), so say so.
find "$work/headers" -name '*.h' -exec perl -pi -e 's/(\w)\(\)(\s*;)/$1(void)$2/g' {} +
jar_entries=()
for p in $platforms; do
  mvn -q -B -ntp dependency:copy -Dartifact="org.bytedeco:tensorflow-lite:$natives_version:jar:$p" -DoutputDirectory="$work/natives" >/dev/null
  case $p in
    windows-*) lib=jnitensorflowlite.dll ;;
    macosx-*) lib=libjnitensorflowlite.dylib ;;
    *) lib=libjnitensorflowlite.so ;;
  esac
  jar_entries+=("$work/natives/tensorflow-lite-$natives_version-$p.jar!org/bytedeco/tensorflowlite/$p/$lib")
done

echo "jextract.sh: reading the export tables of ${platforms// /, }"
# A platform whose library exports no TFLite C API (the windows-x86_64 DLL exports JNI functions only)
# cannot be used through FFM: it is reported and left out of the intersection. ExportTable (module tools/)
# runs in source-file mode, so nothing needs to be built first.
i=0
for p in $platforms; do
  java tools/src/main/java/dev/tfliteffm/tools/ExportTable.java "${jar_entries[$i]}" 2>/dev/null > "$work/exports-$p.txt"
  i=$((i + 1))
  if ! grep -qx TfLiteVersion "$work/exports-$p.txt"; then
    echo "  $p: exports no TfLite C API function; left out"
    rm "$work/exports-$p.txt"
    continue
  fi
  echo "  $p: $(grep -c '^TfLite' "$work/exports-$p.txt") TfLite functions"
  if [ -f "$work/exports.txt" ]; then
    LC_ALL=C comm -12 "$work/exports.txt" "$work/exports-$p.txt" > "$work/exports.next"
    mv "$work/exports.next" "$work/exports.txt"
  else
    cp "$work/exports-$p.txt" "$work/exports.txt"
  fi
done
[ -f "$work/exports.txt" ] || { echo "jextract.sh: no platform library exports the TFLite C API" >&2; exit 1; }
echo "  $(grep -c '^TfLite' "$work/exports.txt") TfLite functions exported by every platform that has the C API"

# One translation unit with every header the bindings cover.
cat > "$work/tflite_ffm.h" <<EOF
#include "tensorflow/lite/core/c/c_api.h"
#include "tensorflow/lite/core/c/c_api_experimental.h"
#include "tensorflow/lite/core/c/c_api_opaque.h"
#include "tensorflow/lite/core/c/common.h"
#include "tflite_ffm_extra.h"
EOF
includes=(-I "$work/headers" -I "$root/$c_dir/standins" -I "$root/$c_dir")

# Keep declarations from the TFLite headers, the stand-ins and the project's header only; of their
# functions, keep those every platform library exports.
"$JEXTRACT" "${includes[@]}" --dump-includes "$work/includes.txt" "$work/tflite_ffm.h" >/dev/null 2>&1
awk -v exports="$work/exports.txt" -v keep_re="^#### Extracted from: ($work/headers/|$root/$c_dir/)" '
  BEGIN { while ((getline line < exports) > 0) exported[line] = 1 }
  /^####/ { keep = ($0 ~ keep_re); next }
  /^--include-/ {
    if (!keep) next
    if ($1 == "--include-function" && !($2 in exported)) { print $2 > "/dev/stderr"; next }
    print $1 " " $2
  }' "$work/includes.txt" 2> "$work/not-exported.txt" | LC_ALL=C sort -u > "$work/filter.txt"
echo "  $(grep -c -- '--include-function' "$work/filter.txt") functions kept;" \
     "$(wc -l < "$work/not-exported.txt") declared but not exported everywhere, left out:" \
     "$(LC_ALL=C sort "$work/not-exported.txt" | tr '\n' ' ')"

echo "jextract.sh: running $JEXTRACT"
"$JEXTRACT" "${includes[@]}" --header-class-name TfLite --target-package "$package" \
  --output "$work/gen" @"$work/filter.txt" "$work/tflite_ffm.h" 2> "$work/jextract.log" \
  || { cat "$work/jextract.log" >&2; exit 1; }
grep -v 'warning: Skipping' "$work/jextract.log" >&2 || true

# Post-process: the loader's lookup, --release 22, and a do-not-edit marker.
gen="$work/gen/${package//.//}"
for f in "$gen"/*.java; do
  perl -0pi -e '
    s{SymbolLookup\.loaderLookup\(\)\s*\.or\(Linker\.nativeLinker\(\)\.defaultLookup\(\)\)}{dev.tfliteffm.nativelib.TfLiteLibrary.lookup()}g;
    s{SYMBOL_LOOKUP\.findOrThrow\("([^"]+)"\)}{SYMBOL_LOOKUP.find("$1").orElseThrow(() -> new UnsatisfiedLinkError("TFLite library does not export $1"))}g;
    s{\A// Generated by jextract\n}{// Generated by jextract.sh (openjdk/jextract) from the TFLite C headers. DO NOT EDIT: run ./jextract.sh.\n};
  ' "$f"
  if grep -q 'findOrThrow\|loaderLookup' "$f"; then
    echo "jextract.sh: post-processing missed a symbol lookup in $f" >&2; exit 1
  fi
done
cat > "$gen/package-info.java" <<'EOF'
// Generated by jextract.sh. DO NOT EDIT: run ./jextract.sh.
/**
 * Generated FFM bindings of the TensorFlow Lite C API (internal: not exported by the public module).
 * Symbols are looked up through {@code dev.tfliteffm.nativelib.TfLiteLibrary}.
 */
package dev.tfliteffm.internal.bindings;
EOF

rm -rf "$out_dir"
mkdir -p "$out_dir"
cp "$gen"/*.java "$out_dir"/
echo "jextract.sh: wrote $(ls "$out_dir" | wc -l) files to $out_dir"
