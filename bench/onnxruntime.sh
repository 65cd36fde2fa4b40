# Sourced by the bench commands that run onnxruntime: installs node, npm and
# GNU time from Debian when missing, and onnxruntime-node with npm into a
# cache (FXP_BENCH_CACHE, default ~/.cache/fxp-bench); sets `ort_modules` to
# its node_modules directory.
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
# node and npm for onnxruntime; GNU time measures each stage's peak RSS.
if ! command -v node >/dev/null || ! command -v npm >/dev/null || [ ! -x /usr/bin/time ]; then
  echo "fxp bench: installing nodejs, npm and time" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm time >/dev/null
fi

# onnxruntime-node ships its CPU library in the package; the install script
# would only fetch optional GPU binaries, hence ONNXRUNTIME_NODE_INSTALL=skip.
ort_version=1.30.0
ort_cache=${FXP_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fxp-bench}/onnxruntime-node
installed=$(node -p "require('$ort_cache/node_modules/onnxruntime-node/package.json').version" \
              2>/dev/null || true)
if [ "$installed" != "$ort_version" ]; then
  echo "fxp bench: installing onnxruntime-node $ort_version into $ort_cache" >&2
  mkdir -p "$ort_cache"
  [ -f "$ort_cache/package.json" ] || echo '{"private": true}' >"$ort_cache/package.json"
  if ! (cd "$ort_cache" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund \
          --loglevel=error "onnxruntime-node@$ort_version" >&2); then
    echo "fxp bench: npm install onnxruntime-node@$ort_version failed" >&2
    exit 1
  fi
fi
ort_modules=$ort_cache/node_modules
