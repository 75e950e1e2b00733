#!/usr/bin/env bash
# Starts the new version ($SLUICE_VERSION) as its own process; no traffic reaches it until `shift`.
exec python3 "$(dirname "$0")/canary.py" start
