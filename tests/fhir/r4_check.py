"""Strict FHIR R4 (4.0.1) check of everything spasm-triage writes in FHIR.

Run by .ci/run with the `fhir.resources` 6.4.0 package (the last release for
R4 4.0.1; it rejects unknown elements, wrong types and missing required
ones): the Questionnaire Bundle, the result Bundle of every clinical case in
rules/cases.toml, and a QuestionnaireResponse saved from partial answers.

    python tests/fhir/r4_check.py path/to/spasm-triage
"""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from fhir.resources.bundle import Bundle
from fhir.resources.careplan import CarePlan

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-21T10:00:00Z"


def run(binary, args, stdin=""):
    done = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{args}: exit {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def check_bundle(text):
    bundle = Bundle.parse_raw(text)
    return [e.resource.resource_type for e in bundle.entry]


def main():
    binary = sys.argv[1]

    # The check itself can fail: an element R4 does not define is refused.
    try:
        CarePlan.parse_obj({"resourceType": "CarePlan", "status": "active", "intent": "plan",
                            "subject": {"display": "x"}, "foo": 1})
    except Exception:
        pass
    else:
        sys.exit("fhir.resources accepted an unknown element: the check would prove nothing")

    types = check_bundle(run(binary, ["questions", "--format", "fhir"]))
    assert types[0] == "Questionnaire" and set(types[1:]) == {"CodeSystem"}, types

    cases = tomllib.loads((ROOT / "rules" / "cases.toml").read_text())
    base = cases["base"]
    bundles = 0
    for case in cases["case"]:
        answers = {**base, **case.get("answers", {})}
        for key in case.get("unset", []):
            answers.pop(key, None)
        args = ["--region", "uk", "assess", "--now", NOW, "--format", "fhir"]
        if case.get("partial"):
            args.append("--partial")
        types = check_bundle(run(binary, [*args, "-"], json.dumps(answers)))
        assert types[:3] == ["QuestionnaireResponse", "GuidanceResponse", "CarePlan"], types
        bundles += 1

    partial = run(binary, ["assess", "--partial", "--now", NOW, "--format", "fhir", "-"],
                  json.dumps({"age": 35}))
    check_bundle(partial)
    print(f"FHIR R4 (fhir.resources 6.4.0): the Questionnaire Bundle and {bundles} result Bundles are valid")


if __name__ == "__main__":
    main()
