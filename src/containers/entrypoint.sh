#!/bin/sh
# Container entrypoint: the first argument picks the component, the rest are its flags.
# Configuration is meant to come from environment variables; `IMAGE <component> --help` lists them.
set -eu

usage() {
  cat <<'TEXT'
usage: IMAGE <component> [flags...]

components:
  produce     posts from a file (default: the bundled sample), stdin or the X API into tweets.raw
  classify    sentiment + topic for each post, tweets.raw -> tweets.classified (scale it out)
  sink        tweets.classified -> MySQL upserts
  dashboard   the live dashboard and its JSON API on :3000
  schemas     manage the Avro contracts in the registry, e.g. `schemas register --all`

`IMAGE <component> --help` lists its flags and the environment variable behind each.
TEXT
}

component="${1:-help}"
case "$component" in
  produce|classify|sink|dashboard|schemas)
    shift
    cd /app
    exec node --import tsx "scripts/$component.ts" "$@"
    ;;
  help|-h|--help)
    usage
    ;;
  *)
    echo "unknown component: $component" >&2
    usage >&2
    exit 2
    ;;
esac
