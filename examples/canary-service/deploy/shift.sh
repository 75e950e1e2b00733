#!/usr/bin/env bash
# Routes $SLUICE_TRAFFIC_PERCENT% of the traffic to $SLUICE_VERSION and the rest to $SLUICE_PREVIOUS_VERSION.
exec python3 "$(dirname "$0")/canary.py" shift
