#!/bin/sh
# Makes a self-signed certificate for the console's TLS proxy when the operator has not supplied one:
#   self-signed-certificate.sh DIR NAME [NAME...]
# writes DIR/console.crt and DIR/console.key (the key readable by its owner only), valid for each NAME (a DNS name
# or an IPv4 address) for 825 days. Leaves an existing pair alone, so it is safe to run at every start.
# Browsers warn about such a certificate, rightly: replace it by one your organisation trusts (docs/deployment.md).
set -eu

if [ "$#" -lt 2 ]; then
  echo "usage: $0 DIR NAME [NAME...]" >&2
  exit 2
fi
dir=$1
shift
if [ -s "$dir/console.crt" ] && [ -s "$dir/console.key" ]; then
  exit 0
fi

names=""
for name in "$@"; do
  if printf '%s' "$name" | grep -Eq '^[0-9]+(\.[0-9]+){3}$'; then
    names="$names,IP:$name"
  else
    names="$names,DNS:$name"
  fi
done

mkdir -p "$dir"
umask 077
openssl req -x509 -newkey rsa:3072 -sha256 -days 825 -nodes \
  -subj "/CN=$1" -addext "subjectAltName=${names#,}" \
  -keyout "$dir/console.key" -out "$dir/console.crt" 2>/dev/null
chmod 0644 "$dir/console.crt"
echo "WARNING: the console's TLS certificate in $dir is SELF-SIGNED (for: $*)." >&2
echo "WARNING: browsers will warn; check its fingerprint before you sign in, and replace it by a trusted one:" >&2
openssl x509 -in "$dir/console.crt" -noout -fingerprint -sha256 >&2
