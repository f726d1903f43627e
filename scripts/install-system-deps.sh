#!/usr/bin/env bash
# Installs the Debian packages the tests drive for real (run as root on Debian 12).
# Each is checked first, so a machine that has them all does no network work at all.
set -euo pipefail

# command-to-check  package
NEEDED=(
  "chromium chromium"
  "pdfsig poppler-utils"
  "pdftoppm poppler-utils"
  "softhsm2-util softhsm2"
  "pkcs11-tool opensc"
  "qpdf qpdf"
  "mutool mupdf-tools"
  "certutil libnss3-tools"
  "openssl openssl"
)
FILES=(
  "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf fonts-croscore"
  "/usr/lib/softhsm/libsofthsm2.so softhsm2"
)

missing=()
for entry in "${NEEDED[@]}"; do
  set -- $entry
  command -v "$1" >/dev/null 2>&1 || missing+=("$2")
done
for entry in "${FILES[@]}"; do
  set -- $entry
  [ -e "$1" ] || missing+=("$2")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages: all present."
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "System packages: installing ${missing[*]}…"
if [ "$(id -u)" != 0 ]; then
  echo "Not root: run 'sudo apt-get install -y ${missing[*]}' and try again." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "System packages: installed."
