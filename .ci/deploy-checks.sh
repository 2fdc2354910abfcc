#!/usr/bin/env bash
# Static checks of deploy/ and docker-compose.yml. Needs the Debian packages
#   prometheus (promtool), prometheus-alertmanager (amtool), docker-compose
# (.ci/run installs them). Run from anywhere: bash .ci/deploy-checks.sh
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "deploy-checks: $*" >&2; exit 1; }
for tool in promtool amtool docker-compose python3; do
  command -v "$tool" > /dev/null || fail "$tool not found; apt-get install -y prometheus prometheus-alertmanager docker-compose"
done

echo "== promtool check rules"
promtool check rules deploy/prometheus/rules/*.rules.yml

echo "== promtool test rules"
promtool test rules deploy/prometheus/tests/*.test.yml

echo "== promtool check config (the compose Prometheus config; rule paths rewritten to the repo)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/rules"
cp deploy/prometheus/rules/*.rules.yml "$tmp/rules/"
sed "s#/etc/prometheus/rules/#$tmp/rules/#" deploy/prometheus/prometheus.yml > "$tmp/prometheus.yml"
promtool check config "$tmp/prometheus.yml"

echo "== amtool check-config"
amtool check-config deploy/alertmanager/alertmanager.yml

echo "== amtool config routes test (routing by severity and team)"
route() {
  local expected="$1"; shift
  local got
  got="$(amtool config routes test --config.file=deploy/alertmanager/alertmanager.yml "$@" 2> /dev/null)"
  [ "$got" = "$expected" ] || fail "labels '$*' route to '$got', expected '$expected'"
  echo "  $* -> $got"
}
route "oncall-pager,team-ml-platform" severity=critical team=ml-platform alertname=CarbonTeamEmissionsAnomaly
route "team-search" severity=warning team=search
route "platform-webhook" severity=warning alertname=CarbonCollectorSilent
route "platform-webhook" severity=info alertname=GridCarbonIntensityHigh zone=PL
route "oncall-pager,team-search" severity=critical team=search alertname=CarbonBudgetFastBurn
route "team-search" severity=warning team=search alertname=CarbonBudgetSlowBurn

echo "== no Prometheus alert rule pages on budget gauges (the pipeline already alerts on budgets)"
if grep -n -A3 -- "- alert:" deploy/prometheus/rules/*.rules.yml | grep -n "carbon_budget_"; then
  fail "an alert rule uses carbon_budget_* metrics: budget alerts come from the pipeline (deploy/README.md)"
fi

echo "== Grafana dashboards are valid JSON with a PromQL expr in every panel"
python3 - deploy/grafana/dashboards/*.json <<'PY'
import json, sys
for path in sys.argv[1:]:
    d = json.load(open(path))
    assert d.get("uid") and d.get("title"), f"{path}: uid and title required"
    for p in d["panels"]:
        exprs = [t.get("expr", "") for t in p.get("targets", [])]
        assert exprs and all(e.strip() for e in exprs), f"{path}: panel '{p.get('title')}' has no PromQL expr"
        assert all("$" not in e for e in exprs), f"{path}: panel '{p.get('title')}' uses a Grafana variable; keep queries runnable on plain Prometheus"
    print(f"  {path}: {len(d['panels'])} panels")
PY

echo "== docker-compose config -q"
docker-compose config -q

echo "deploy-checks: all passed"
