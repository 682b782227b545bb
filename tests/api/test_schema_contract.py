"""The contract read off /api/schema/ itself: one vocabulary for step inputs, and every list endpoint strict about
its query string (an unknown parameter, or an id filter given a word, is 400 naming it)."""
import re

import pytest

pytestmark = pytest.mark.django_db

# The names the vocabulary replaced (docs/api.md, "Step inputs"); each may live on only as a deprecated input.
OLD_NAMES = {"note", "comments", "held_on", "happened_on", "closed_on", "done_on", "forwarded_on", "submitted_on",
             "adopted_on"}
# Creates of a resource take its own field names, as its GET returns them: an activity spans `held_on`–`ends_on`.
RESOURCE_CREATES = {"/api/research-groups/{id}/activities/"}
STEP = re.compile(r"\{[^}]+\}/[a-z_]+/$")


def load_schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def body_properties(schema, operation) -> dict:
    content = operation.get("requestBody", {}).get("content", {})
    for media in content.values():
        ref = media["schema"].get("$ref")
        if ref:
            return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]].get("properties", {})
    return {}


def test_step_inputs_use_one_vocabulary(api_client_for, users):
    schema = load_schema(api_client_for(users["staff"]))
    offenders, steps = [], 0
    for path, operations in schema["paths"].items():
        operation = operations.get("post")
        if not operation or not STEP.search(path) or path in RESOURCE_CREATES:
            continue
        steps += 1
        for name, prop in body_properties(schema, operation).items():
            if name in OLD_NAMES and not prop.get("deprecated"):
                offenders.append(f"{path} {name}")
            if name in OLD_NAMES:
                assert prop.get("deprecated") and "Deprecated" in prop.get("description", ""), (path, name)
    assert steps > 40 and not offenders, offenders


# A refusal whose `reason` is chosen from a list (a proposal not accepted: the office's reasons) may add a free-text
# `comment` beside it, and what it becomes; its why is still `reason`.
REFUSAL_EXTRAS = {"/api/proposals/{id}/reject/": {"comment", "convert_to"}}


def test_returns_and_refusals_take_reason(api_client_for, users):
    schema = load_schema(api_client_for(users["staff"]))
    for path, operations in schema["paths"].items():
        if not re.search(r"/(return|reject|withdraw|send_back)/$", path) or "post" not in operations:
            continue
        properties = {name for name, prop in body_properties(schema, operations["post"]).items()
                      if not prop.get("deprecated")}
        assert properties - REFUSAL_EXTRAS.get(path, set()) == {"reason"}, (path, properties)


def list_operations(schema):
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation and "{" not in path and path.startswith("/api/") and not path.startswith("/api/schema"):
            yield path, operation


def test_every_list_refuses_an_unknown_parameter(api_client_for, users):
    client = api_client_for(users["staff"])
    schema = load_schema(client)
    checked = 0
    for path, _operation in list_operations(schema):
        response = client.get(f"{path}?no_such_filter=1")
        if response.status_code == 403:  # a list staff may not read (the sysadmin's, the auditor's)
            continue
        body = response.json()
        assert response.status_code == 400 and body["code"] == "unknown_parameter", (path, body)
        assert "no_such_filter" in body["detail"] and "no_such_filter" in body["fields"], (path, body)
        checked += 1
    assert checked >= 15


def test_every_id_and_number_filter_refuses_a_word(api_client_for, users):
    client = api_client_for(users["staff"])
    schema = load_schema(client)
    checked = []
    for path, operation in list_operations(schema):
        for parameter in operation.get("parameters", []):
            kind = parameter.get("schema", {}).get("type")
            if parameter["in"] != "query" or kind not in ("integer", "number") or parameter["name"] in ("page",):
                continue
            response = client.get(f"{path}?{parameter['name']}=abc")
            if response.status_code == 403:
                continue
            body = response.json()
            assert response.status_code == 400, (path, parameter["name"], body)
            assert body["code"] in ("invalid_parameter", "invalid"), (path, body)
            assert parameter["name"] in body["fields"], (path, parameter["name"], body)
            checked.append(f"{path}?{parameter['name']}")
    assert len(checked) >= 15, checked


def test_docs_api_md_lists_every_error_code_and_every_lists_filters(api_client_for, users):
    from pathlib import Path

    from chengwu_cppcc.errors import ERROR_CODES

    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    assert not [code for code in ERROR_CODES if f"`{code}`" not in text]
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| `/api/")}
    schema = load_schema(api_client_for(users["staff"]))
    missing = []
    for path, operation in list_operations(schema):
        row = rows.get(f"`{path}`")
        if row is None:
            missing.append(path)
            continue
        for parameter in operation.get("parameters", []):
            name = parameter["name"]
            if parameter["in"] == "query" and name not in ("page", "page_size", "ordering", "format") \
                    and f"`{name}`" not in row:
                missing.append(f"{path}?{name}")
    assert not missing, missing


def test_every_step_input_has_an_example_in_the_vocabulary(api_client_for, users):
    schema = load_schema(api_client_for(users["staff"]))
    missing = []
    for path, operations in schema["paths"].items():
        operation = operations.get("post")
        if not operation or not STEP.search(path):
            continue
        for media, content in operation.get("requestBody", {}).get("content", {}).items():
            examples = content.get("examples", {})
            if not examples:
                missing.append(f"{path} {media}")
            for example in examples.values():
                assert not set(example["value"]) & OLD_NAMES or path in RESOURCE_CREATES, (path, example)
    assert not missing, missing


# Rules across fields, which OpenAPI 3.0 cannot state as rules: the optional field says in words when it is required
# (the fuzz test tolerates a 400 on such a field left out, tests/security/test_api_fuzz.py, and nothing else).
REQUIRED_WHEN = {
    ("/api/assignments/{id}/decide/", "comment"), ("/api/replies/{id}/evaluate/", "comment"),
    ("/api/topics/", "committee"),
}


@pytest.mark.parametrize(("path", "name"), sorted(REQUIRED_WHEN))
def test_rules_across_fields_are_said_in_the_schema(api_client_for, users, path, name):
    schema = load_schema(api_client_for(users["staff"]))
    prop = body_properties(schema, schema["paths"][path]["post"])[name]
    assert prop["description"].startswith("Required when "), prop
    required = schema["components"]["schemas"]
    assert all(name not in component.get("required", []) for component in required.values()
               if component.get("properties", {}).get(name) is prop)
