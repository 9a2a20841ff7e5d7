# Sourced by ./tflite-ffm, ./run-tests and ./jextract.sh: points JAVA_HOME at a JDK >= 22.
# Order: JAVA_HOME when it is a JDK >= 22, then `javac` on PATH, then the newest JDK >= 22 in the
# usual install folders. Stops with a message when there is none.

# No subshells and no programs (but readlink for a symlinked `javac`): ./tflite-ffm sources this at every start,
# where each fork costs milliseconds.

tflite_ffm_read_major() { # sets tflite_ffm_major to the feature version of the JDK at $1, or to nothing
  local release="$1/release" line v=""
  tflite_ffm_major=""
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=\"*) v=${line#JAVA_VERSION=\"}; v=${v%%[!0-9]*}; break ;;
      esac
    done < "$release"
  else
    v=$("$1/bin/javac" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')
  fi
  [ "$v" = 1 ] && v=8
  tflite_ffm_major=$v
}

tflite_ffm_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  tflite_ffm_read_major "$1"
  echo "$tflite_ffm_major"
}

tflite_ffm_find_jdk() { # sets tflite_ffm_jdk (and tflite_ffm_major) to the JDK to use, or fails
  local need=22 candidate dir javac="" best="" best_major=0 IFS
  tflite_ffm_jdk=""
  if [ -n "${JAVA_HOME:-}" ]; then
    tflite_ffm_read_major "$JAVA_HOME"
    if [ -n "$tflite_ffm_major" ] && [ "$tflite_ffm_major" -ge "$need" ]; then tflite_ffm_jdk=$JAVA_HOME; return 0; fi
  fi
  IFS=:
  for dir in $PATH; do # `command -v javac`, without a subshell
    if [ -f "${dir:-.}/javac" ] && [ -x "${dir:-.}/javac" ]; then javac=${dir:-.}/javac; break; fi
  done
  IFS=$' \t\n'
  if [ -n "$javac" ]; then
    # The real file, e.g. /usr/bin/javac -> /etc/alternatives/javac -> /usr/lib/jvm/X/bin/javac.
    if [ -L "$javac" ] || [ "${javac#/}" = "$javac" ]; then javac=$(readlink -f "$javac"); fi
    candidate=${javac%/*}
    candidate=${candidate%/*}
    tflite_ffm_read_major "$candidate"
    if [ -n "$tflite_ffm_major" ] && [ "$tflite_ffm_major" -ge "$need" ]; then tflite_ffm_jdk=$candidate; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home \
                   "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.jdk/*; do
    [ -d "$candidate" ] || continue
    tflite_ffm_read_major "$candidate"
    if [ -n "$tflite_ffm_major" ] && [ "$tflite_ffm_major" -ge "$need" ] && [ "$tflite_ffm_major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$tflite_ffm_major"
    fi
  done
  if [ -n "$best" ]; then tflite_ffm_jdk=$best; tflite_ffm_major=$best_major; return 0; fi
  return 1
}

if tflite_ffm_find_jdk; then
  export JAVA_HOME="$tflite_ffm_jdk"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.8 uses sun.misc.Unsafe through Guava; JDK 24+ warns about it on every run.
  if [ "$tflite_ffm_major" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
else
  echo "tflite-ffm needs a JDK 22 or newer (for the Foreign Function & Memory API) and found none:" >&2
  echo "  JAVA_HOME=${JAVA_HOME:-<unset>}, javac on PATH: $(command -v javac || echo none)," >&2
  echo "  and none under /usr/lib/jvm, /Library/Java/JavaVirtualMachines, ~/.sdkman or ~/.jdks." >&2
  echo "Install a JDK 22+ (e.g. Temurin 25, or your distribution's openjdk-25-jdk) and run this again," >&2
  echo "or set JAVA_HOME to one." >&2
  exit 1
fi
