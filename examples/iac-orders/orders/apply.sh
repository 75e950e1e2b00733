#!/usr/bin/env bash
# Stand-in for a real provisioning command (terraform apply -target=..., pulumi up, ...).
set -euo pipefail
echo "applying order '$1' in ${REGION:-eu-west-1}"
sleep 0.2
echo "order '$1' done"
