#!/bin/sh
# Installs k6 from Grafana's Debian repository, its signing key checked against the fingerprint k6's documentation
# publishes. Run by cloud-init after the VM's own packages, so a keyserver or repository that does not answer
# fails this step alone (cloud-init status --long names it) and never the guest agent.
set -eu
fingerprint=C5AD17C747E3415A3642D57D77C6C491D6AC1D69
keyring=/usr/share/keyrings/k6-archive-keyring.gpg

export GNUPGHOME="$(mktemp -d)"
for attempt in 1 2 3 4 5; do
  # Port 80: the keyserver's own port 11371 is often closed by firewalls.
  gpg --batch --keyserver hkp://keyserver.ubuntu.com:80 --recv-keys "$fingerprint" && break
  [ "$attempt" -lt 5 ] || { echo "install-k6: could not fetch k6's signing key" >&2; exit 1; }
  sleep 10
done
gpg --batch --with-colons --fingerprint "$fingerprint" | grep -q "^fpr:*$fingerprint:"
gpg --batch --export "$fingerprint" > "$keyring"
chmod 0644 "$keyring"
rm -rf "$GNUPGHOME"

echo "deb [signed-by=$keyring] https://dl.k6.io/deb stable main" > /etc/apt/sources.list.d/k6.list
apt-get update -o Dir::Etc::sourcelist=sources.list.d/k6.list -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0
DEBIAN_FRONTEND=noninteractive apt-get install -y k6
k6 version
