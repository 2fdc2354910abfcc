# carbon-gate.rego: an Open Policy Agent policy that stops new work of a team whose hard carbon budget is
# exhausted, by asking carbon-ledger's policy server (GET /v1/gate). For Kubernetes admission (OPA as a
# validating webhook) and for CI promotion gates (opa eval on a small JSON input). See README.md beside it.
#
# Input, either:
#   CI:         {"team": "research", "class": "batch"}
#   admission:  an AdmissionReview; team and class come from the object's labels carbon-ledger.dev/team and
#               carbon-ledger.dev/workload-class. Only CREATE is gated: updates and deletes of running work pass.
# A request without a team is not gated.
#
# Decisions (package carbon.gate):
#   deny             set of messages; non-empty when the gate answers "deny" (and, with fail-closed, when the gate
#                    cannot be asked)
#   warn             set of messages for "defer" (non-critical work on an exhausted soft budget) and for a gate that
#                    cannot be asked (fail-open, the default)
#   allow            true when deny is empty
#   admission_review the AdmissionReview answer for OPA serving a Kubernetes validating webhook
#
# Settings, from the OPA process's environment:
#   CARBON_LEDGER_GATE_URL      default http://carbon-ledger-sinks:8090/v1/gate
#   CARBON_LEDGER_POLICY_TOKEN  the policy server's bearer token, when it is configured with one
#   CARBON_LEDGER_FAIL_CLOSED   "true" to deny when the gate cannot be asked (default: allow, with a warning)
package carbon.gate

import rego.v1

env := object.get(opa.runtime(), "env", {})

gate_url := object.get(env, "CARBON_LEDGER_GATE_URL", "http://carbon-ledger-sinks:8090/v1/gate")

token := object.get(env, "CARBON_LEDGER_POLICY_TOKEN", "")

default fail_closed := false

fail_closed if object.get(env, "CARBON_LEDGER_FAIL_CLOSED", "false") == "true"

labels := object.get(input, ["request", "object", "metadata", "labels"], {})

team := object.get(input, "team", object.get(labels, "carbon-ledger.dev/team", ""))

workload_class := object.get(input, "class", object.get(labels, "carbon-ledger.dev/workload-class", ""))

# Every CI query asks to start new work; in admission, only CREATE does.
default new_work := false

new_work if not input.request

new_work if input.request.operation == "CREATE"

gated if {
	new_work
	team != ""
}

default class_param := {}

class_param := {"class": workload_class} if workload_class != ""

default auth_headers := {}

auth_headers := {"Authorization": concat(" ", ["Bearer", token])} if token != ""

# The gate's answer. raise_error false: a network error is a response with status_code 0 (handled below).
# The decision is cached for 30 s: the gate's own answer says how long it holds (validUntil).
gate_response := http.send({
	"method": "GET",
	"url": concat("?", [gate_url, urlquery.encode_object(object.union({"team": team}, class_param))]),
	"headers": auth_headers,
	"timeout": "2s",
	"raise_error": false,
	"force_cache": true,
	"force_cache_duration_seconds": 30,
}) if gated

gate := gate_response.body if gate_response.status_code == 200

deny contains msg if {
	gate.decision == "deny"
	msg := sprintf("carbon budget gate: %s (decision valid until %s)", [gate.reason, gate.validUntil])
}

warn contains msg if {
	gate.decision == "defer"
	msg := sprintf("carbon budget gate: %s", [gate.reason])
}

unreachable if {
	gated
	gate_response.status_code != 200
}

deny contains msg if {
	unreachable
	fail_closed
	msg := sprintf("carbon budget gate at %s could not be asked (status %v): denied, as CARBON_LEDGER_FAIL_CLOSED is true", [gate_url, gate_response.status_code])
}

warn contains msg if {
	unreachable
	not fail_closed
	msg := sprintf("carbon budget gate at %s could not be asked (status %v): allowed without it", [gate_url, gate_response.status_code])
}

default allow := false

allow if count(deny) == 0

admission_review := {
	"apiVersion": "admission.k8s.io/v1",
	"kind": "AdmissionReview",
	"response": {
		"uid": input.request.uid,
		"allowed": allow,
		"status": {"message": concat("; ", deny)},
		"warnings": [w | some w in warn],
	},
}
