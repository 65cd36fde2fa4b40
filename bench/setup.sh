# Sourced by the bench commands: installs what the benchmarks need beyond the
# project's own dependencies (oneDNN, from Debian) when it is missing, builds
# the fxp tools into FXP_BUILD_DIR (default build/) and points Python at the
# bench and fxp packages.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! dpkg-query -W -f='${Status}' libdnnl-dev 2>/dev/null | grep -q "install ok installed"; then
  echo "fxp bench: installing libdnnl-dev" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libdnnl-dev >/dev/null
fi
log=$(mktemp)
if ! "$root/scripts/build.sh" --target fxp-opt fxp-calibrate >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
export PYTHONPATH="$root/bench:$root/python${PYTHONPATH:+:$PYTHONPATH}"
