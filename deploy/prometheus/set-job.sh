#!/usr/bin/env bash
# Writes a copy of the rules (and their promtool tests) for a Prometheus scrape job not called "carbon-ledger".
# The shipped rules select the exporter as job="carbon-ledger" (the job in prometheus.yml; with Prometheus Operator,
# the ServiceMonitor's jobLabel or the Service name). Usage:
#   deploy/prometheus/set-job.sh JOB OUT_DIR        # OUT_DIR/rules/*.rules.yml, OUT_DIR/tests/*.test.yml
#   promtool test rules OUT_DIR/tests/*.test.yml    # the shipped tests, run against the rewritten rules
set -euo pipefail

usage() { echo "usage: $0 JOB OUT_DIR  (JOB: letters, digits and _ . : / -)" >&2; exit 2; }
[ $# -eq 2 ] || usage
job="$1"; out="$2"
[[ "$job" =~ ^[A-Za-z0-9_.:/-]+$ ]] || usage
here="$(cd "$(dirname "$0")" && pwd)"

mkdir -p "$out/rules" "$out/tests"
rewrite() {
  # job="carbon-ledger" in PromQL, "job: carbon-ledger" in expected test labels, "job carbon-ledger" in descriptions
  sed -e "s#job=\"carbon-ledger\"#job=\"$job\"#g" \
      -e "s#job: carbon-ledger\$#job: $job#" \
      -e "s#in job carbon-ledger #in job $job #g" "$1" > "$2"
}
for f in "$here"/rules/*.rules.yml; do rewrite "$f" "$out/rules/$(basename "$f")"; done
for f in "$here"/tests/*.test.yml; do rewrite "$f" "$out/tests/$(basename "$f")"; done
if grep -n 'job="carbon-ledger"' "$out"/rules/*.yml; then
  echo "$0: a job selector was not rewritten" >&2; exit 1
fi
echo "rules for job \"$job\" in $out/rules"
