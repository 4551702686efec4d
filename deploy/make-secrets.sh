#!/usr/bin/env bash
# The Secrets of deploy/ (issue #17), from a directory the project's dev PKI filled (`dev-pki ensure` and
# `dev-pki signing-key`, as docker compose's pki job runs them), into the cluster kubectl points at:
#   keys-<node>      that node's certificate and key, ca.crt and gateway.crt (the gateway: also ca.crl, if any); J-LIS and the
#                    prefecture servers: their chain-signing key pair and their peers' public keys; J-LIS: its
#                    webhook-signing key pair. Nothing of another identity.
#   db-<node>        the node's database role and a new random password (basic-auth), for the node and CloudNativePG
#   national-numbering-key   J-LIS's My Number key (32 random bytes, base64), made once: the script keeps a Secret
#                            that exists (a new key would derive other My Numbers)
# Usage: deploy/make-secrets.sh <pki directory>
set -euo pipefail
pki="${1:?usage: deploy/make-secrets.sh <pki directory>}"
apply() { kubectl apply -f - >/dev/null; }
keys_secret() { # namespace secret-name files... (each must exist: a Secret with a file missing would start a node that
  # cannot start, or one that checks nothing)
  local namespace="$1" name="$2"; shift 2
  local args=()
  for file in "$@"; do
    [[ -r "$pki/$file" ]] || { echo "make-secrets: $pki/$file is missing (run dev-pki ensure / signing-key first)" >&2; exit 2; }
    args+=(--from-file="$file=$pki/$file")
  done
  kubectl -n "$namespace" create secret generic "$name" "${args[@]}" --dry-run=client -o yaml | apply
}
node_secret() { # namespace node extra-files...
  local namespace="$1" node="$2"; shift 2
  keys_secret "$namespace" "keys-$node" "$node.crt" "$node.key" ca.crt gateway.crt "$@"
}
db_secret() { # namespace node
  local namespace="$1" node="$2" role="${2//-/_}"
  if ! kubectl -n "$namespace" get secret "db-$node" >/dev/null 2>&1; then
    kubectl -n "$namespace" create secret generic "db-$node" --type=kubernetes.io/basic-auth \
      --from-literal=username="$role" --from-literal=password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" \
      --dry-run=client -o yaml | apply
  fi
}
# the gateway's revocation list exists once a certificate was revoked (dev-pki revoke); run the script again after a
# revocation: the kubelet updates the mounted Secret and the gateway re-reads ca.crl every 2 s
crl=(); [[ -r "$pki/ca.crl" ]] && crl=(ca.crl)
keys_secret jukinet-gateway keys-gateway gateway.crt gateway.key ca.crt "${crl[@]}"
node_secret jukinet-national national national-webhook-signing.key national-webhook-signing.pub \
  national-chain-signing.key national-chain-signing.pub pref-13-chain-signing.pub pref-27-chain-signing.pub
db_secret jukinet-national national
for pref in 13 27; do
  node_secret jukinet-prefectural "pref-$pref" "pref-$pref-chain-signing.key" "pref-$pref-chain-signing.pub" \
    national-chain-signing.pub
  db_secret jukinet-prefectural "pref-$pref"
done
for lg in 131016 131130 271004 272035; do
  node_secret jukinet-municipal "cs-$lg"
  db_secret jukinet-municipal "cs-$lg"
done
if ! kubectl -n jukinet-national get secret national-numbering-key >/dev/null 2>&1; then
  kubectl -n jukinet-national create secret generic national-numbering-key \
    --from-literal=key="$(head -c 32 /dev/urandom | base64)" --dry-run=client -o yaml | apply
fi
echo "make-secrets: done"
