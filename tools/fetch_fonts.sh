#!/usr/bin/env bash
# fetch_fonts.sh — for maintainers only; the build never runs this.
#
# Reproduces the font files bundled in styles/fonts/ from Debian's package
# fonts-linuxlibertine (Linux Libertine O / Linux Libertine Mono O / Linux Biolinum O, upstream 5.3.0,
# dual-licensed GPL-2+ with font exception / SIL OFL 1.1; we redistribute
# them under the OFL 1.1).
#
# What it does:
#   1. apt-get download fonts-linuxlibertine=$FONTS_DEB_VERSION  (into a temp dir)
#   2. dpkg -x the .deb (nothing is installed on the system)
#   3. copy the eight .otf files we use into styles/fonts/ unmodified
#   4. check them against the SHA-256 sums recorded below
#   5. write styles/fonts/OFL-LinuxLibertine.txt from the package's
#      debian/copyright (copyright line + Reserved Font Name + OFL 1.1 text)
#
# styles/fonts/README.md is maintained by hand; update it if you change
# the package version or the file list.
#
# Needs: a Debian (bookworm or later) system with apt lists present
# (run `apt-get update` once first), apt-get, dpkg, sha256sum, awk.
#
# Usage: tools/fetch_fonts.sh [DEST_DIR]        (default: styles/fonts)
#   FONTS_DEB_VERSION=...  download another package version
#   ALLOW_NEW_SUMS=1       copy even if the SHA-256 sums differ (then update
#                          the sums below and the README)
set -euo pipefail

PKG=fonts-linuxlibertine
FONTS_DEB_VERSION=${FONTS_DEB_VERSION:-5.3.0-6}
SRC_DIR=usr/share/fonts/opentype/linux-libertine
DOC_DIR=usr/share/doc/$PKG

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
dest=${1:-$repo/styles/fonts}

# file name -> SHA-256 of the file as shipped in fonts-linuxlibertine 5.3.0-6
declare -A SUMS=(
  [LinLibertine_R.otf]=057bbfa1ac76133c8ae596eff0baf1fd662b2b60e830e6d45cfec5d21489eda3
  [LinLibertine_RI.otf]=f0632ade6a312b8cc30c348837e9f72a0768a42fe1c1e1509651a0a1d03ba4ee
  [LinLibertine_RB.otf]=56acd1e11373900e5420b9216f591a08050a9017284ac60ea56ddbaa53a58e02
  [LinLibertine_RBI.otf]=6e4110ae96266811ec3d6473853c6704e9f0e7ff698c0b284acce006344659ca
  [LinBiolinum_R.otf]=f3cf97ba8cc3a511729bb3ff701d9ff038d94c4c72d2998ee9b40aece8d33f52
  [LinBiolinum_RB.otf]=97679df5eabc6e870ac9c52660d39d6024e48b4aeda37bf0b5080bd85228f50b
  [LinBiolinum_RI.otf]=bdade79be87ba1e9f53a9ec7e80f9ec5b55aeb16fb801646782c1620387661c9
  [LinLibertine_M.otf]=95b9fc0692cfe43e466bc919407236ee4aa28e756b9d08090c45430882fe7b89
)
FILES=(LinLibertine_R.otf LinLibertine_RI.otf LinLibertine_RB.otf LinLibertine_RBI.otf
       LinBiolinum_R.otf LinBiolinum_RB.otf LinBiolinum_RI.otf LinLibertine_M.otf)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# apt-get download writes into the current directory; make it readable for _apt.
chmod 755 "$work"

echo "== downloading $PKG=$FONTS_DEB_VERSION"
if ! (cd "$work" && apt-get download "$PKG=$FONTS_DEB_VERSION"); then
  echo "apt-get download failed; run 'apt-get update' first, or set FONTS_DEB_VERSION" >&2
  exit 1
fi
deb=$(ls "$work"/${PKG}_*.deb)
echo "   $(basename "$deb")  sha256 $(sha256sum "$deb" | cut -d' ' -f1)"
dpkg -x "$deb" "$work/x"

mkdir -p "$dest"
status=0
for f in "${FILES[@]}"; do
  src="$work/x/$SRC_DIR/$f"
  got=$(sha256sum "$src" | cut -d' ' -f1)
  if [[ $got != "${SUMS[$f]}" ]]; then
    echo "!! $f: sha256 $got differs from the recorded ${SUMS[$f]}" >&2
    if [[ ${ALLOW_NEW_SUMS:-0} != 1 ]]; then status=1; continue; fi
  fi
  install -m 0644 "$src" "$dest/$f"
  echo "   $f  $(stat -c %s "$dest/$f") bytes"
done
[[ $status == 0 ]] || { echo "checksum mismatch; nothing more done (ALLOW_NEW_SUMS=1 to override)" >&2; exit 1; }

# Licence file: the package's debian/copyright carries the upstream copyright
# holder, the Reserved Font Name and the full OFL 1.1 text (as a DEP-5 stanza).
copyright="$work/x/$DOC_DIR/copyright"
{
  echo "Linux Libertine O, Linux Libertine Mono O and Linux Biolinum O fonts"
  echo "(styles/fonts/LinLibertine_*.otf, styles/fonts/LinBiolinum_*.otf), unmodified"
  echo "from Debian $PKG $FONTS_DEB_VERSION."
  echo
  # "Copyright: © 2003-2009 Philipp H. Poll <...>" from the "Files: *" stanza
  awk '/^Files: \*$/{f=1} f && /^Copyright:/{sub(/^Copyright: */,""); print "Copyright " $0; exit}' "$copyright"
  echo "The fonts are dual-licensed under the GNU GPL (version 2 or later) with font"
  echo "exception and the SIL Open Font License 1.1; this project redistributes them"
  echo "under the SIL Open Font License, Version 1.1, reproduced below."
  # the "Comment:" field names the Reserved Font Name
  awk '/^Comment:/{sub(/^Comment: */,""); print; exit}' "$copyright"
  echo
  echo "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007"
  echo
  # body of the "License: OFL-1.1" stanza: strip the one-space indent, " ." = blank line
  awk '/^License: OFL-1.1$/{f=1; next}
       f && /^[^ ]/{exit}
       f { sub(/^ /,""); if ($0 == ".") $0 = ""; sub(/[ \t]+$/,""); print }' "$copyright"
} > "$dest/OFL-LinuxLibertine.txt"
echo "   OFL-LinuxLibertine.txt  $(stat -c %s "$dest/OFL-LinuxLibertine.txt") bytes"
echo "== done: $dest"
