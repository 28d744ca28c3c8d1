#!/usr/bin/env bash
# make_cmyk_profile.sh — for maintainers only; the build never runs this.
#
# Rebuilds styles/color/FOGRA39-publisher.icc, the CMYK output-intent profile
# for the PDF/X-4 print edition, from freely licensed characterisation data:
#
#   data:  FOGRA39L.ti3 from Debian package icc-profiles-free (zlib licence;
#          the measurements are Fogra's FOGRA39L data set, converted to
#          Argyll's .ti3 format by Kai-Uwe Behrmann)
#   tool:  colprof from Debian package argyll (ArgyllCMS 2.3.1)
#
# Both .debs are fetched with `apt-get download` and unpacked with `dpkg -x`;
# nothing is installed. (If the unpacked colprof cannot find its shared
# libraries, `apt-get install argyll` and run with COLPROF=/usr/bin/colprof.)
#
# The result is the same profile apart from the creation date in the ICC
# header (bytes 24-35), which colprof always sets to "now".
#
# Needs: Debian bookworm (amd64) or similar with apt lists present (run
# `apt-get update` once first), apt-get, dpkg, sha256sum.
#
# Usage: tools/make_cmyk_profile.sh [OUT.icc]   (default: styles/color/FOGRA39-publisher.icc)
#   ICC_DEB_VERSION / ARGYLL_DEB_VERSION  use other package versions
#   COLPROF=/path/to/colprof              use an installed colprof instead
set -euo pipefail

ICC_PKG=icc-profiles-free
ICC_DEB_VERSION=${ICC_DEB_VERSION:-2.0.1+dfsg-1.1}
ARGYLL_PKG=argyll
ARGYLL_DEB_VERSION=${ARGYLL_DEB_VERSION:-2.3.1+repack-1.1+b1}
TI3=usr/share/color/icc/FOGRA39L.ti3
TI3_SHA256=e44e6dfa81633588db98b5613a821d4a936d3d9438d2eb983083c3232df393fa

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
out=${1:-$repo/styles/color/FOGRA39-publisher.icc}
out=$(cd "$(dirname "$out")" 2>/dev/null && pwd)/$(basename "$out") || {
  echo "output directory for $1 does not exist" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"   # apt-get download writes here as _apt

echo "== downloading $ICC_PKG=$ICC_DEB_VERSION"
(cd "$work" && apt-get download "$ICC_PKG=$ICC_DEB_VERSION") || {
  echo "apt-get download failed; run 'apt-get update' first, or set ICC_DEB_VERSION" >&2; exit 1; }
dpkg -x "$work"/${ICC_PKG}_*.deb "$work/icc"

got=$(sha256sum "$work/icc/$TI3" | cut -d' ' -f1)
if [[ $got != "$TI3_SHA256" ]]; then
  echo "!! FOGRA39L.ti3 sha256 $got differs from the recorded $TI3_SHA256" >&2
  [[ ${ALLOW_NEW_SUMS:-0} == 1 ]] || exit 1
fi

if [[ -z ${COLPROF:-} ]]; then
  echo "== downloading $ARGYLL_PKG=$ARGYLL_DEB_VERSION"
  (cd "$work" && apt-get download "$ARGYLL_PKG=$ARGYLL_DEB_VERSION") || {
    echo "apt-get download failed; set ARGYLL_DEB_VERSION or COLPROF" >&2; exit 1; }
  dpkg -x "$work"/${ARGYLL_PKG}_*.deb "$work/argyll"
  COLPROF=$work/argyll/usr/bin/colprof
fi
ICCDUMP=${ICCDUMP:-$(dirname "$COLPROF")/iccdump}

mkdir -p "$work/build"
cp "$work/icc/$TI3" "$work/build/FOGRA39L.ti3"

# colprof options:
#   -qm      medium-quality A2B (CMYK->Lab) cLUT
#   -bl      low-quality B2A (Lab->CMYK) tables, to keep the file small
#   -nc      do not embed the 127 KB .ti3 measurement data in the profile
#   -kr      black generation: ramp (colprof's default)
#   -l330    total ink limit 330 % (ISO 12647-2 coated offset)
#   -L100    black ink limit 100 %
#   -M FOGRA39  model tag (dmdd); WeasyPrint 70 writes the profile's model
#            string as the PDF OutputIntent's OutputConditionIdentifier and
#            Info, and FOGRA39 is the condition's name in the ICC registry
echo "== running colprof"
(cd "$work/build" && "$COLPROF" -v -qm -bl -nc -kr -l330 -L100 \
   -A "publisher project" \
   -M "FOGRA39" \
   -D "FOGRA39L coated offset (publisher project, ArgyllCMS colprof)" \
   -C "Made with ArgyllCMS from FOGRA39L.ti3 (Debian icc-profiles-free, K.-U. Behrmann), zlib licence" \
   -O FOGRA39-publisher.icc FOGRA39L) > "$work/colprof.log" 2>&1 || {
  cat "$work/colprof.log" >&2; exit 1; }
grep -E "^Profile check complete" "$work/colprof.log" || true

install -m 0644 "$work/build/FOGRA39-publisher.icc" "$out"
echo "== wrote $out ($(stat -c %s "$out") bytes)"
if [[ -x $ICCDUMP ]]; then
  "$ICCDUMP" -v1 "$out" | sed -n '/^Header:/,/^tag 0:/p' | head -18
fi
