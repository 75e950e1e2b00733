#!/usr/bin/env bash
# During a deployment: the new version's health and error rate. Otherwise (integration test): the router serves.
if [ -n "${SLUICE_VERSION:-}" ] && [ -n "${SLUICE_TRAFFIC_PERCENT:-}" ]; then
  exec python3 "$(dirname "$0")/canary.py" check
fi
exec python3 "$(dirname "$0")/canary.py" health
