#!/usr/bin/env bash
# Sluice has shifted all traffic back to $SLUICE_PREVIOUS_VERSION; stop the failed $SLUICE_VERSION.
exec python3 "$(dirname "$0")/canary.py" rollback
