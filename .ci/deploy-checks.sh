#!/usr/bin/env bash
# Static checks of deploy/ and docker-compose.yml. Needs the Debian packages
#   prometheus (promtool), prometheus-alertmanager (amtool), docker-compose, python3-yaml
# and Node.js with the Kubernetes schema validator's packages (npm ci --prefix .ci/kubernetes)
# (.ci/run installs them). Run from anywhere: bash .ci/deploy-checks.sh
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "deploy-checks: $*" >&2; exit 1; }
for tool in promtool amtool docker-compose python3; do
  command -v "$tool" > /dev/null || fail "$tool not found; apt-get install -y prometheus prometheus-alertmanager docker-compose"
done
command -v node > /dev/null || fail "node not found; apt-get install -y nodejs npm"
[ -d .ci/kubernetes/node_modules/kubernetes-models ] \
  || fail "the Kubernetes schema validator is not installed; run: npm ci --prefix .ci/kubernetes"

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

echo "== every dashboard query parses as PromQL (promtool check rules on a rule file made of them)"
python3 - "$tmp/dashboard-queries.rules.yml" deploy/grafana/dashboards/*.json <<'PY'
import json, sys
out, paths = sys.argv[1], sys.argv[2:]
lines = ["groups:", "  - name: dashboard-queries", "    rules:"]
n = 0
for path in paths:
    for p in json.load(open(path))["panels"]:
        for t in p.get("targets", []):
            n += 1
            lines.append(f"      - record: dashboard:query_{n}")
            lines.append("        expr: " + json.dumps(t["expr"]))  # a JSON string is a YAML double-quoted scalar
open(out, "w").write("\n".join(lines) + "\n")
print(f"  {n} queries")
PY
promtool check rules "$tmp/dashboard-queries.rules.yml"

echo "== KEDA examples: valid YAML, metrics-api triggers with url, valueLocation and targetValue"
# Debian's python3 has PyYAML wherever docker-compose is installed (python3-yaml is one of its dependencies).
yaml_python=python3
if /usr/bin/python3 -c 'import yaml' 2> /dev/null; then yaml_python=/usr/bin/python3; fi
"$yaml_python" - deploy/keda/*.yaml <<'PY'
import sys
try:
    import yaml
except ImportError:
    sys.exit("deploy-checks: python3 has no PyYAML (Debian package python3-yaml, a dependency of docker-compose)")
for path in sys.argv[1:]:
    docs = [d for d in yaml.safe_load_all(open(path)) if d is not None]
    for d in docs:
        assert d.get("apiVersion") and d.get("kind") and d.get("metadata", {}).get("name"), f"{path}: apiVersion, kind and metadata.name required"
        if d["kind"] != "ScaledObject":
            continue
        spec = d["spec"]
        assert spec["scaleTargetRef"]["name"], f"{path}: scaleTargetRef.name required"
        formula = spec.get("advanced", {}).get("scalingModifiers", {}).get("formula")
        for t in spec["triggers"]:
            if formula:
                assert t.get("name"), f"{path}: with scalingModifiers every trigger needs a name"
            if t["type"] == "metrics-api":
                m = t["metadata"]
                for key in ("url", "valueLocation", "targetValue"):
                    assert isinstance(m.get(key), str) and m[key], f"{path}: trigger {t.get('name')}: metadata.{key} must be a non-empty string"
    print(f"  {path}: {len(docs)} documents")
PY

echo "== Kubernetes: generated manifests (PrometheusRule, dashboard ConfigMaps) up to date with their sources"
"$yaml_python" deploy/kubernetes/generate.py --check

echo "== Kubernetes: kustomization lists every manifest; DESIGN section 10 (security, probes, resources, RBAC, standbys)"
"$yaml_python" .ci/kubernetes/check_manifests.py "$tmp"

echo "== Kubernetes: every manifest against the API schemas (Kubernetes, Prometheus Operator, KEDA; offline)"
k8s_manifests=()
for f in deploy/kubernetes/*.yaml deploy/kubernetes/generated/*.yaml deploy/kubernetes/optional/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] || k8s_manifests+=("$f")
done
node .ci/kubernetes/validate.mjs "${k8s_manifests[@]}" "$tmp"/*-rendered.yaml deploy/keda/*.yaml > "$tmp/validate.log" 2>&1 \
  || { cat "$tmp/validate.log"; fail "Kubernetes schema validation failed (errors above)"; }
tail -n 1 "$tmp/validate.log"

echo "== Kubernetes: the validator rejects a broken manifest (a check that cannot fail proves nothing)"
"$yaml_python" - deploy/kubernetes/sinks-deployment.yaml "$tmp/broken.yaml" <<'PY'
import sys, yaml
docs = list(yaml.safe_load_all(open(sys.argv[1])))
deployment = docs[0]
deployment["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "9464"
del deployment["spec"]["selector"]
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))
PY
if node .ci/kubernetes/validate.mjs "$tmp/broken.yaml" > "$tmp/broken.log" 2>&1; then
  fail "the Kubernetes schema validator accepted a Deployment without a selector and with a string containerPort"
fi
grep -q "containerPort must be integer" "$tmp/broken.log" && grep -q "must have required property selector" "$tmp/broken.log" \
  || { cat "$tmp/broken.log"; fail "the Kubernetes schema validator did not report both errors of the broken manifest"; }
echo "  rejected, both errors reported"

echo "== docker-compose config -q"
docker-compose config -q

echo "deploy-checks: all passed"
