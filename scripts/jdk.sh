# Sourced by ./tflite-ffm, ./run-tests and ./jextract.sh: points JAVA_HOME at a JDK >= 22.
# Order: JAVA_HOME when it is a JDK >= 22, then `javac` on PATH, then the newest JDK >= 22 in the
# usual install folders. Stops with a message when there is none.

tflite_ffm_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  local release="$1/release" v
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
  else
    v=$("$1/bin/javac" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')
  fi
  [ "$v" = 1 ] && v=8
  echo "$v"
}

tflite_ffm_find_jdk() {
  local need=22 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(tflite_ffm_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$need" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(tflite_ffm_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$need" ]; then echo "$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home \
                   "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.jdk/*; do
    [ -d "$candidate" ] || continue
    major=$(tflite_ffm_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$need" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  return 1
}

if jdk=$(tflite_ffm_find_jdk); then
  export JAVA_HOME="$jdk"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.8 uses sun.misc.Unsafe through Guava; JDK 24+ warns about it on every run.
  if [ "$(tflite_ffm_jdk_major "$JAVA_HOME")" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
  unset jdk
else
  echo "tflite-ffm needs a JDK 22 or newer (for the Foreign Function & Memory API) and found none:" >&2
  echo "  JAVA_HOME=${JAVA_HOME:-<unset>}, javac on PATH: $(command -v javac || echo none)," >&2
  echo "  and none under /usr/lib/jvm, /Library/Java/JavaVirtualMachines, ~/.sdkman or ~/.jdks." >&2
  echo "Install a JDK 22+ (e.g. Temurin 25, or your distribution's openjdk-25-jdk) and run this again," >&2
  echo "or set JAVA_HOME to one." >&2
  exit 1
fi
