#!/bin/sh
# Builds native/blas/build/Release/blas.node (the optional OpenBLAS matMul fast path; see models/backends/native-blas.ts).
# Needs a C compiler and OpenBLAS (Debian: apt-get install -y libopenblas-dev). Uses Node's own headers
# (<prefix>/include/node next to the running node binary), so node-gyp downloads nothing. Run it through npm
# (`npm run build:blas`), or directly (then npm's bundled node-gyp is used). Without OpenBLAS it exits 1 with one line.
set -eu
cd "$(dirname "$0")"
if ! printf '#include <cblas.h>\nint main(void){return 0;}\n' | cc -x c - -o /dev/null -lopenblas 2>/dev/null; then
  echo "build:blas: OpenBLAS not found (apt-get install -y libopenblas-dev); the native BLAS fast path stays off" >&2
  exit 1
fi
nodedir="$(node -p "require('node:path').resolve(process.execPath, '../..')")"
if [ ! -f "$nodedir/include/node/node_api.h" ]; then
  echo "build:blas: Node headers not found under $nodedir/include/node" >&2
  exit 1
fi
if command -v node-gyp >/dev/null 2>&1; then
  exec node-gyp rebuild --nodedir="$nodedir" --loglevel=warn
fi
# run outside npm: use the node-gyp bundled with npm
gyp="$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
if [ ! -f "$gyp" ]; then
  echo "build:blas: node-gyp not found (run it as npm run build:blas)" >&2
  exit 1
fi
exec node "$gyp" rebuild --nodedir="$nodedir" --loglevel=warn
