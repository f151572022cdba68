# Sourced by bin/deberta4j, bin/bench and .ci/run: sets $java to a Java 25+ launcher and $java_version to its
# feature version: from $JAVA_HOME, else the `java` on the PATH, else (where DEBERTA4J_JAVA_SEARCH lists
# directories, e.g. a CI machine's JVM folder) the first JDK 25+ found in them. Says clearly what it found when that
# Java is too old.

# The feature version (25, 17, ...) of a java launcher: the release file of its JDK, else its -version output.
java_feature_version() {
  local launcher home version
  launcher="$(readlink -f "$(command -v "$1")")"
  home="$(dirname "$(dirname "$launcher")")"
  if [ -f "$home/release" ]; then
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)"$/\1/p' "$home/release")"
  else
    version="$("$launcher" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')"
  fi
  version="${version#1.}"          # 1.8.0_x -> 8
  echo "${version%%[^0-9]*}"
}

find_java25() {
  local candidate found="" version dir
  if [ -n "${JAVA_HOME:-}" ]; then candidate="$JAVA_HOME/bin/java"; else candidate="$(command -v java || true)"; fi
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    version="$(java_feature_version "$candidate")"
    if [ "${version:-0}" -ge 25 ]; then java="$candidate"; java_version="$version"; return 0; fi
    found="Java ${version:-of unknown version} at $(readlink -f "$candidate")"
  fi
  for dir in ${DEBERTA4J_JAVA_SEARCH:-}; do
    for candidate in "$dir"/*/bin/java; do
      [ -x "$candidate" ] || continue
      version="$(java_feature_version "$candidate")"
      if [ "${version:-0}" -ge 25 ]; then java="$candidate"; java_version="$version"; return 0; fi
    done
  done
  if [ -n "$found" ]; then
    echo "deberta4j: needs Java 25 or newer, found $found; set JAVA_HOME to a JDK 25 (or put its bin/ first on the PATH)" >&2
  else
    echo "deberta4j: no Java found${JAVA_HOME:+ (JAVA_HOME=$JAVA_HOME has no bin/java)}; install JDK 25 and set JAVA_HOME" >&2
  fi
  return 1
}
