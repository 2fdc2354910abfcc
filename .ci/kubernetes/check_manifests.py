#!/usr/bin/env python3
"""Checks of deploy/kubernetes that a schema cannot make, and the rapl overlay rendered for schema validation.

    python3 .ci/kubernetes/check_manifests.py OUT_DIR

1. kustomization.yaml lists every manifest of deploy/kubernetes and deploy/kubernetes/generated, and each
   listed file exists; the overlays' resources exist.
2. The rapl overlay's JSON patches are applied to the base (RFC 6902 add / replace / remove, as kustomize does)
   and the result written to OUT_DIR/rapl-rendered.yaml, so the schema validator sees what kubectl would apply.
3. What DESIGN section 10 asks of the workloads, in the base and in the overlay: the collector's node name from the
   downward API, host mounts read-only, requests and a memory limit, liveness and readiness probes on a declared
   port, no privilege escalation, a read-only root filesystem, every capability dropped, non-root where the source
   allows it (everywhere in the base), least-privilege RBAC, standby replicas and a PodDisruptionBudget for streams.
4. Every CARBON_LEDGER_* variable the manifests set is a collector setting or a launcher option.

Exit 1 with every problem listed.
"""
import copy
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
BASE = ROOT / "deploy" / "kubernetes"
OVERLAYS = [BASE / "rapl"]
WORKLOADS = {"DaemonSet", "Deployment", "StatefulSet", "Job"}

problems = []


def problem(message):
    problems.append(message)


def load_documents(path):
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]


def check_listing():
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text(encoding="utf-8"))
    listed = kustomization.get("resources", [])
    on_disk = sorted(str(p.relative_to(BASE)) for p in list(BASE.glob("*.yaml")) + list(BASE.glob("generated/*.yaml"))
                     if p.name != "kustomization.yaml")
    for path in on_disk:
        if path not in listed:
            problem(f"deploy/kubernetes/{path} is not listed in kustomization.yaml resources "
                    "(list it, or move it to optional/ if it is applied separately)")
    for path in listed:
        if not (BASE / path).is_file():
            problem(f"kustomization.yaml lists {path}, which does not exist")
    if len(set(listed)) != len(listed):
        problem("kustomization.yaml lists a resource twice")
    for overlay in OVERLAYS:
        for path in yaml.safe_load((overlay / "kustomization.yaml").read_text(encoding="utf-8")).get("resources", []):
            if not (overlay / path).exists():
                problem(f"{overlay.relative_to(ROOT)}/kustomization.yaml lists {path}, which does not exist")
    return [doc for path in listed for doc in load_documents(BASE / path)]


def _pointer(path):
    return [part.replace("~1", "/").replace("~0", "~") for part in path.lstrip("/").split("/")]


def apply_operation(document, operation, where):
    parts = _pointer(operation["path"])
    parent = document
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    last, op = parts[-1], operation["op"]
    if isinstance(parent, list):
        if op == "add":
            parent.insert(len(parent) if last == "-" else int(last), copy.deepcopy(operation["value"]))
        elif op == "replace":
            parent[int(last)] = copy.deepcopy(operation["value"])
        elif op == "remove":
            del parent[int(last)]
        else:
            raise SystemExit(f"{where}: unsupported patch op {op}")
    else:
        if op in ("replace", "remove") and last not in parent:
            raise SystemExit(f"{where}: {op} {operation['path']}: no such field (kustomize would fail)")
        if op in ("add", "replace"):
            parent[last] = copy.deepcopy(operation["value"])
        elif op == "remove":
            del parent[last]
        else:
            raise SystemExit(f"{where}: unsupported patch op {op}")


def render_overlay(overlay, base_documents):
    kustomization = yaml.safe_load((overlay / "kustomization.yaml").read_text(encoding="utf-8"))
    documents = copy.deepcopy(base_documents)
    for patch in kustomization.get("patches", []):
        target = patch["target"]
        matches = [d for d in documents
                   if d["kind"] == target["kind"] and d["metadata"]["name"] == target["name"]]
        if len(matches) != 1:
            problem(f"{overlay.name} overlay: patch target {target} matches {len(matches)} objects")
            continue
        for operation in yaml.safe_load(patch["patch"]):
            apply_operation(matches[0], operation, f"{overlay.name} overlay")
    return documents


def containers(document):
    spec = document["spec"]["template"]["spec"]
    return spec, spec.get("containers", []) + spec.get("initContainers", [])


def check_workload(document, where, non_root):
    spec, all_containers = containers(document)
    pod_security = spec.get("securityContext", {})
    host_paths = {v["name"] for v in spec.get("volumes", []) if "hostPath" in v}
    for container in all_containers:
        name = f"{where} {document['kind']} {document['metadata']['name']} container {container['name']}"
        security = container.get("securityContext", {})
        if security.get("allowPrivilegeEscalation") is not False:
            problem(f"{name}: securityContext.allowPrivilegeEscalation must be false")
        if security.get("readOnlyRootFilesystem") is not True:
            problem(f"{name}: securityContext.readOnlyRootFilesystem must be true")
        if security.get("privileged"):
            problem(f"{name}: must not be privileged")
        if security.get("capabilities", {}).get("drop") != ["ALL"] or security.get("capabilities", {}).get("add"):
            problem(f"{name}: securityContext.capabilities must drop ALL and add none")
        run_as_non_root = security.get("runAsNonRoot", pod_security.get("runAsNonRoot"))
        if non_root and run_as_non_root is not True:
            problem(f"{name}: runAsNonRoot must be true")
        resources = container.get("resources", {})
        if not {"cpu", "memory"} <= set(resources.get("requests", {})):
            problem(f"{name}: resources.requests needs cpu and memory")
        if "memory" not in resources.get("limits", {}):
            problem(f"{name}: resources.limits.memory is required")
        for mount in container.get("volumeMounts", []):
            if mount["name"] in host_paths and mount.get("readOnly") is not True:
                problem(f"{name}: host mount {mount['name']} must be readOnly")
        if document["kind"] != "Job":
            ports = {p.get("name") for p in container.get("ports", [])} | {p["containerPort"] for p in container.get("ports", [])}
            for probe in ("livenessProbe", "readinessProbe"):
                http = container.get(probe, {}).get("httpGet")
                if not http:
                    problem(f"{name}: {probe} on the component's health endpoint (httpGet) is required")
                elif http["port"] not in ports:
                    problem(f"{name}: {probe} port {http['port']} is not a declared container port")


def check_design(documents, where, non_root):
    by_kind = {}
    for d in documents:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    for kind in WORKLOADS:
        for document in by_kind.get(kind, {}).values():
            check_workload(document, where, non_root)
    collector = by_kind.get("DaemonSet", {}).get("carbon-ledger-collector")
    if collector is None:
        problem(f"{where}: no collector DaemonSet carbon-ledger-collector")
    else:
        env = {e["name"]: e for c in collector["spec"]["template"]["spec"]["containers"] for e in c.get("env", [])}
        node_name = env.get("CARBON_LEDGER_COLLECTOR_NODE_NAME", {}).get("valueFrom", {}).get("fieldRef", {})
        if node_name.get("fieldPath") != "spec.nodeName":
            problem(f"{where}: the collector's CARBON_LEDGER_COLLECTOR_NODE_NAME must come from fieldRef spec.nodeName")
        account = collector["spec"]["template"]["spec"].get("serviceAccountName")
        role = by_kind.get("ClusterRole", {}).get(account)
        if role is None:
            problem(f"{where}: no ClusterRole for the collector's service account {account}")
        elif role["rules"] != [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}]:
            problem(f"{where}: the collector's ClusterRole must grant pods get/list/watch and nothing else")
    streams = by_kind.get("Deployment", {}).get("carbon-ledger-streams")
    if streams is None:
        problem(f"{where}: no streams Deployment carbon-ledger-streams")
    else:
        args = streams["spec"]["template"]["spec"]["containers"][0]["args"]
        if not any(a.startswith("num.standby.replicas=") and a != "num.standby.replicas=0" for a in args):
            problem(f"{where}: the streams app needs standby replicas (--kafka-property num.standby.replicas=N)")
        if streams["spec"].get("replicas", 1) < 2:
            problem(f"{where}: the streams app needs at least 2 replicas for its standbys to be useful")
        labels = streams["spec"]["selector"]["matchLabels"]
        if not any(p["spec"]["selector"].get("matchLabels") == labels
                   for p in by_kind.get("PodDisruptionBudget", {}).values()):
            problem(f"{where}: no PodDisruptionBudget selects the streams pods")


def known_settings():
    """CARBON_LEDGER_COLLECTOR_* names from the collector's settings table, and the launcher's --options."""
    readme = (ROOT / "collectors" / "README.md").read_text(encoding="utf-8")
    collector = set(re.findall(r"\| `(CARBON_LEDGER_COLLECTOR_[A-Z0-9_]+)` \|", readme))
    options = set()
    for source in (ROOT / "launcher" / "src" / "main" / "java").rglob("*.java"):
        options.update(re.findall(r'names = "--([a-z0-9-]+)"', source.read_text(encoding="utf-8")))
    return collector, options


def check_settings(documents, where):
    """Every CARBON_LEDGER_* variable set by a ConfigMap or an env entry is one the program reads: a misspelt name
    would be ignored by the launcher (or rejected by the collector at start), and no schema can tell."""
    collector, options = known_settings()
    names = []
    for d in documents:
        if d["kind"] == "ConfigMap":
            names += [k for k in d.get("data", {}) if k.startswith("CARBON_LEDGER_")]
        if d["kind"] in WORKLOADS:
            for c in containers(d)[1]:
                names += [e["name"] for e in c.get("env", []) if e["name"].startswith("CARBON_LEDGER_")]
    for name in names:
        if name.startswith("CARBON_LEDGER_COLLECTOR_"):
            if name not in collector and not name.startswith("CARBON_LEDGER_COLLECTOR_KAFKA_"):
                problem(f"{where}: {name} is not a collector setting (collectors/README.md, Every setting)")
        elif name[len("CARBON_LEDGER_"):].lower().replace("_", "-") not in options:
            problem(f"{where}: {name} matches no launcher option (--{name[len('CARBON_LEDGER_'):].lower().replace('_', '-')})")


def main(argv):
    if len(argv) != 2:
        raise SystemExit("usage: check_manifests.py OUT_DIR")
    out = pathlib.Path(argv[1])
    base = check_listing()
    check_design(base, "base", non_root=True)
    check_settings(base, "base")
    for overlay in OVERLAYS:
        rendered = render_overlay(overlay, base)
        check_design(rendered, f"{overlay.name} overlay", non_root=False)
        check_settings(rendered, f"{overlay.name} overlay")
        target = out / f"{overlay.name}-rendered.yaml"
        target.write_text(yaml.safe_dump_all(rendered, sort_keys=False), encoding="utf-8")
        print(f"  {overlay.relative_to(ROOT)} rendered to {target} ({len(rendered)} documents)")
    if problems:
        for p in problems:
            print(f"check_manifests: {p}", file=sys.stderr)
        return 1
    print(f"  {len(base)} documents: kustomization complete, DESIGN section 10 requirements met")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
