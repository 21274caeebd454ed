#!/bin/sh
# azd postprovision hook: make sure the app's keys and the e-file signing certificate exist in Key Vault.
#
# Bicep never writes key values (a second `azd provision` must not replace a key: a new PersonKey secret would orphan
# every stored record), so this script creates each one that is MISSING and leaves existing ones alone:
#   person-key-secret, data-protection-key, token-signing-key   base64 of 32 random bytes
#   liveness-development-key                                     only when LIVENESS_PROVIDER=development
#   <SIGNING_CERTIFICATE_NAME> (efile-signing)                   a self-signed placeholder; import the real issuer
#                                                                certificate over it (docs/operations.md)
# Needs the Azure CLI (`az login` as the same user as `azd auth login`). Rerun: `azd hooks run postprovision`.
set -eu

vault="${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set: run this through azd (azd hooks run postprovision)}"
certificate="${SIGNING_CERTIFICATE_NAME:-efile-signing}"
secrets="person-key-secret data-protection-key token-signing-key"
if [ "${LIVENESS_PROVIDER:-azure-face}" = "development" ]; then
  secrets="$secrets liveness-development-key"
fi

if ! command -v az >/dev/null 2>&1; then
  echo "postprovision: the Azure CLI (az) is needed to create the keys in Key Vault $vault." >&2
  echo "Install it, run 'az login', then 'azd hooks run postprovision' (or create them by hand: docs/operations.md)." >&2
  exit 1
fi

random_key() {
  if command -v openssl >/dev/null 2>&1; then openssl rand -base64 32; else head -c 32 /dev/urandom | base64; fi
}

# Role assignments made during provisioning can take a few minutes to apply: retry the first read.
existing=""
attempt=0
until existing="$(az keyvault secret list --vault-name "$vault" --query "[].name" -o tsv 2>/dev/null)"; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 20 ]; then
    echo "postprovision: cannot list the secrets of $vault (is your user a Key Vault Secrets Officer there?)." >&2
    exit 1
  fi
  echo "postprovision: waiting for access to Key Vault $vault ($attempt/20)..." >&2
  sleep 15
done

created=0
for name in $secrets; do
  if printf '%s\n' "$existing" | grep -qx "$name"; then
    echo "postprovision: secret $name exists; left as it is."
  else
    az keyvault secret set --vault-name "$vault" --name "$name" --value "$(random_key)" \
      --content-type "base64 key" --output none
    echo "postprovision: created secret $name."
    created=1
  fi
done

if az keyvault certificate show --vault-name "$vault" --name "$certificate" --query id -o tsv >/dev/null 2>&1; then
  echo "postprovision: certificate $certificate exists; left as it is."
else
  policy="$(mktemp)"
  trap 'rm -f "$policy"' EXIT
  cat >"$policy" <<'JSON'
{
  "issuerParameters": { "name": "Self" },
  "keyProperties": { "exportable": false, "keyType": "EC", "curve": "P-256", "reuseKey": false },
  "secretProperties": { "contentType": "application/x-pkcs12" },
  "x509CertificateProperties": {
    "subject": "CN=Entry-exit e-file issuer (self-signed placeholder)",
    "keyUsage": [ "digitalSignature", "nonRepudiation" ],
    "validityInMonths": 12
  },
  "lifetimeActions": [ { "trigger": { "daysBeforeExpiry": 30 }, "action": { "actionType": "EmailContacts" } } ]
}
JSON
  az keyvault certificate create --vault-name "$vault" --name "$certificate" --policy "@$policy" --output none
  echo "postprovision: created a self-signed placeholder certificate $certificate; import the issuer certificate over it (docs/operations.md)."
  created=1
fi

if [ "$created" -eq 1 ] && [ -n "${AZURE_FUNCTION_APP_NAME:-}" ] && [ -n "${AZURE_RESOURCE_GROUP:-}" ]; then
  # Key Vault references are resolved again on a restart.
  az functionapp restart --name "$AZURE_FUNCTION_APP_NAME" --resource-group "$AZURE_RESOURCE_GROUP" --output none || true
fi
