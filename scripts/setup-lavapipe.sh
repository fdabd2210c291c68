#!/usr/bin/env bash
# Software Vulkan (Mesa's lavapipe) for the WebGPU tests on a machine without a GPU (CI), from Debian packages.
#
#   bash scripts/setup-lavapipe.sh [DIR]        (DIR default: $CLIP_THEORY_LAVAPIPE_DIR or /opt/lavapipe)
#
# On success prints ONE line, the environment to use:  export VK_ICD_FILENAMES=DIR/lvp.json
# On failure prints one line to stderr ("setup-lavapipe: …", with the log file) and exits 1. Quiet otherwise;
# idempotent (a second run only checks and prints). Needs root and apt for the first run.
#
# Dawn (the `webgpu` package) rejects Debian 12's own lavapipe 22.3 ("shaderUniform*ArrayDynamicIndexing
# required"), so on bookworm the driver comes from bookworm-backports (Mesa 25), downloaded with apt into DIR and
# unpacked there (nothing of the system's Mesa is replaced). On newer Debian/Ubuntu the distribution's own
# mesa-vulkan-drivers is recent enough and is installed normally.
set -uo pipefail

dir=${1:-${CLIP_THEORY_LAVAPIPE_DIR:-/opt/lavapipe}}
log=${TMPDIR:-/tmp}/clip-theory-setup-lavapipe.log
fail() {
  echo "setup-lavapipe: $* (log: $log)" >&2
  exit 1
}
: >"$log" 2>/dev/null || log=/dev/null

loader_ok() {
  for d in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib; do
    [ -e "$d/libvulkan.so.1" ] && return 0
  done
  return 1
}

# the library's shared dependencies all resolve
lib_ok() {
  [ -f "$1" ] && ! ldd "$1" 2>>"$log" | grep -q 'not found'
}

done_ok() {
  echo "export VK_ICD_FILENAMES=$dir/lvp.json"
  exit 0
}

# already set up?
if [ -f "$dir/lvp.json" ] && loader_ok; then
  lib=$(sed -n 's/.*"library_path": *"\([^"]*\)".*/\1/p' "$dir/lvp.json")
  if lib_ok "$lib"; then done_ok; fi
fi

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found (Debian/Ubuntu only)"
[ "$(id -u)" = 0 ] || fail "needs root for apt-get (run as root, or install libvulkan1 and a Mesa >= 23 lavapipe yourself)"
mkdir -p "$dir" 2>>"$log" || fail "cannot create $dir"
export DEBIAN_FRONTEND=noninteractive

. /etc/os-release 2>/dev/null || true
codename=${VERSION_CODENAME:-}

apt-get update -qq >>"$log" 2>&1 || fail "apt-get update failed"
apt-get install -y -qq libvulkan1 >>"$log" 2>&1 || fail "cannot install libvulkan1"

major_of() { sed -n 's/^\([0-9]*\)\..*/\1/p' <<<"${1#*:}"; }
candidate=$(apt-cache policy mesa-vulkan-drivers 2>>"$log" | sed -n 's/^ *Candidate: *//p')
lib=""
if [ -n "$candidate" ] && [ "$candidate" != "(none)" ] && [ "$(major_of "$candidate")" -ge 23 ] 2>/dev/null; then
  # the distribution's own lavapipe is recent enough
  apt-get install -y -qq mesa-vulkan-drivers >>"$log" 2>&1 || fail "cannot install mesa-vulkan-drivers"
  lib=$(find /usr/lib -name libvulkan_lvp.so 2>/dev/null | head -1)
elif [ "$codename" = bookworm ]; then
  # Debian 12: Mesa 25 from bookworm-backports, unpacked into $dir (apt lists of its own, the system's untouched)
  mkdir -p "$dir/lists/partial" 2>>"$log" || fail "cannot write $dir"
  echo "deb http://deb.debian.org/debian bookworm-backports main" >"$dir/sources.list"
  o=(-o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$dir/lists")
  apt-get "${o[@]}" update -qq >>"$log" 2>&1 || fail "cannot read bookworm-backports"
  rm -f "$dir"/mesa-vulkan-drivers_*.deb
  (cd "$dir" && apt-get "${o[@]}" download mesa-vulkan-drivers >>"$log" 2>&1) || fail "cannot download mesa-vulkan-drivers from bookworm-backports"
  deb=$(ls "$dir"/mesa-vulkan-drivers_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || fail "mesa-vulkan-drivers .deb missing after download"
  # its runtime dependencies, from the main archive (package names without versions)
  deps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/ //g' | grep -v '^$')
  # shellcheck disable=SC2086
  apt-get install -y -qq $deps >>"$log" 2>&1 || fail "cannot install lavapipe's dependencies ($(echo $deps | tr '\n' ' '))"
  rm -rf "$dir/x" && dpkg -x "$deb" "$dir/x" >>"$log" 2>&1 || fail "cannot unpack $deb"
  lib=$(find "$dir/x" -name libvulkan_lvp.so | head -1)
else
  fail "no Mesa >= 23 lavapipe for this system (${PRETTY_NAME:-unknown}; candidate mesa-vulkan-drivers: ${candidate:-none})"
fi

[ -n "$lib" ] || fail "libvulkan_lvp.so not found after installation"
lib_ok "$lib" || fail "$lib has unresolved shared libraries (ldd)"
loader_ok || fail "the Vulkan loader libvulkan.so.1 is missing after installation"
printf '{"file_format_version":"1.0.0","ICD":{"api_version":"1.3.0","library_path":"%s"}}\n' "$lib" >"$dir/lvp.json.tmp" &&
  mv "$dir/lvp.json.tmp" "$dir/lvp.json" || fail "cannot write $dir/lvp.json"
done_ok
