#!/usr/bin/env bash
echo "health: ${SLUICE_TRAFFIC_PERCENT:-100}% of traffic on ${SLUICE_VERSION:-unknown}"
