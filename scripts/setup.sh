#!/usr/bin/env bash
# One set-up for a fresh Debian bookworm machine, used by both README commands and by .ci/run:
# installs what is missing from Debian's archive (ngspice 46 from bookworm-backports, for OSDI),
# then configures and builds with CMake. A no-op when everything is present and up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}  # scripts/env.sh passes an absolute one
PACKAGES=(build-essential cmake pkg-config libyaml-cpp-dev libeigen3-dev doctest-dev libboost-dev
          libcli11-dev libfmt-dev nlohmann-json3-dev libsqlite3-dev libssl-dev gnuplot-nox)
BACKPORTS=(ngspice libngspice0-dev)
BACKPORTS_LIST=/etc/apt/sources.list.d/bookworm-backports.sources

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing() { for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || echo "$p"; done; }
ngspice_has_osdi() {  # ngspice without OSDI answers "pre_osdi: no such command"
  command -v ngspice >/dev/null || return 1
  local deck; deck=$(mktemp --suffix=.cir)
  printf '* osdi check\n.control\npre_osdi\n.endc\n.end\n' >"$deck"
  ! ngspice -b "$deck" 2>&1 | grep -q 'no such command'; local ok=$?
  rm -f "$deck"; return $ok
}

need=($(missing "${PACKAGES[@]}"))
need_bp=()
if ! ngspice_has_osdi || [ -n "$(missing "${BACKPORTS[@]}")" ]; then need_bp=("${BACKPORTS[@]}"); fi

if [ ${#need[@]} -gt 0 ] || [ ${#need_bp[@]} -gt 0 ]; then
  if [ ${#need_bp[@]} -gt 0 ] && [ ! -f "$BACKPORTS_LIST" ]; then
    # A separate sources file: the system's own sources stay untouched.
    as_root tee "$BACKPORTS_LIST" >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  echo "setup: installing ${need[*]} ${need_bp[*]}" >&2
  as_root apt-get update -qq
  export DEBIAN_FRONTEND=noninteractive
  [ ${#need[@]} -eq 0 ] || as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  [ ${#need_bp[@]} -eq 0 ] || as_root apt-get install -y -qq --no-install-recommends -t bookworm-backports "${need_bp[@]}" >/dev/null
fi

if ! ngspice_has_osdi; then
  echo "setup: the installed ngspice does not accept pre_osdi (need ngspice >= 43 built with OSDI)" >&2
  exit 1
fi

# The diabetes regression set (442 x 10) ships in Debian's scikit-learn package: take just its two
# data files from the package archive, without installing scikit-learn.
DIABETES_DIR=datasets/diabetes
if [ ! -f "$DIABETES_DIR/diabetes_target.txt" ]; then
  work=$(mktemp -d)
  (cd "$work" && apt-get download -qq python3-sklearn >/dev/null && dpkg -x python3-sklearn_*.deb extracted)
  data="$work/extracted/usr/lib/python3/dist-packages/sklearn/datasets/data"
  mkdir -p "$DIABETES_DIR"
  gunzip -c "$data/diabetes_data_raw.csv.gz" >"$DIABETES_DIR/diabetes_data_raw.txt"
  gunzip -c "$data/diabetes_target.csv.gz" >"$DIABETES_DIR/diabetes_target.txt"
  rm -rf "$work"
fi

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
