#!/usr/bin/env bash
# Set up a SoftHSM2 token in a private folder and import a key + certificate into it.
#
#   scripts/softhsm.sh DIR KEY.pem CERT.pem [TOKEN_LABEL] [USER_PIN] [SO_PIN] [EXTRA_CERT.pem...]
#
# Writes DIR/softhsm2.conf (directories.tokendir = DIR/tokens). Use the token with
#   SOFTHSM2_CONF=DIR/softhsm2.conf  and the module /usr/lib/softhsm/libsofthsm2.so
# The key and its certificate get CKA_ID 01 and CKA_LABEL "signing"; extra certificates
# (e.g. the issuing CA) get ids 02, 03, ... The key is sensitive (never readable); with
# ALWAYS_AUTH=1 it also needs the PIN for every signature (CKA_ALWAYS_AUTHENTICATE).
set -euo pipefail

if [ "$#" -lt 3 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
DIR=$1 KEY=$2 CERT=$3
LABEL=${4:-VanThu Test Token}
PIN=${5:-1234}
SO_PIN=${6:-12345678}
shift $(( $# < 6 ? $# : 6 ))
MODULE=${PKCS11_MODULE:-/usr/lib/softhsm/libsofthsm2.so}

mkdir -p "$DIR/tokens"
DIR=$(cd "$DIR" && pwd)
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$DIR" > "$DIR/softhsm2.conf"
export SOFTHSM2_CONF="$DIR/softhsm2.conf"

softhsm2-util --init-token --free --label "$LABEL" --pin "$PIN" --so-pin "$SO_PIN" >/dev/null

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
openssl pkcs8 -topk8 -nocrypt -in "$KEY" -outform DER -out "$WORK/key.der"
openssl x509 -in "$CERT" -outform DER -out "$WORK/cert.der"
p11() { pkcs11-tool --module "$MODULE" --token-label "$LABEL" --login --pin "$PIN" "$@" >/dev/null 2>&1; }
KEY_FLAGS=(--sensitive)
if [ "${ALWAYS_AUTH:-0}" = 1 ]; then KEY_FLAGS+=(--always-auth); fi
p11 --write-object "$WORK/key.der" --type privkey --id 01 --label signing --usage-sign "${KEY_FLAGS[@]}"
p11 --write-object "$WORK/cert.der" --type cert --id 01 --label signing

id=2
for extra in "$@"; do
  openssl x509 -in "$extra" -outform DER -out "$WORK/extra.der"
  p11 --write-object "$WORK/extra.der" --type cert --id "$(printf '%02x' "$id")" --label "ca-$id"
  id=$((id + 1))
done
echo "$SOFTHSM2_CONF"
