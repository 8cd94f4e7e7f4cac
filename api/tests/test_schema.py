"""The OpenAPI schema: served without a token, equal to the committed api/schema/v1.yaml, and a
changed schema needs a new version (docs/api.md says how to regenerate)."""

import json
import re
from pathlib import Path

import pytest
import yaml

from api.docs import fingerprint, generate_schema, render_yaml

SCHEMA = Path(__file__).resolve().parents[1] / "schema"
REGENERATE = ".venv/bin/python manage.py spectacular --lang en --validate --fail-on-warn --file api/schema/v1.yaml"


def committed():
    return (SCHEMA / "v1.yaml").read_text(encoding="utf-8")


def test_the_generated_schema_is_the_committed_one():
    assert render_yaml(generate_schema()) == committed(), (
        "The API's schema changed. Bump SPECTACULAR_SETTINGS['VERSION'] (a minor version for an addition; "
        f"a breaking change needs /api/v2/), run `{REGENERATE}` and add the version to api/schema/versions.json "
        "(docs/api.md)."
    )


def test_a_changed_schema_has_a_new_version():
    versions = json.loads((SCHEMA / "versions.json").read_text())
    version = yaml.safe_load(committed())["info"]["version"]
    assert version in versions, f"Add {version} to api/schema/versions.json with its fingerprint"
    assert versions[version] == fingerprint(committed()), (
        f"api/schema/v1.yaml changed but still says version {version}: bump the version (docs/api.md)"
    )
    assert len(set(versions.values())) == len(versions), "two versions stand for one schema"


def test_every_path_is_under_the_major_version():
    schema = yaml.safe_load(committed())
    major = schema["info"]["version"].split(".")[0]
    assert all(path.startswith(f"/api/v{major}/") for path in schema["paths"]), "a new major version needs a new path"


def test_every_operation_needs_the_bearer_token():
    schema = yaml.safe_load(committed())
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A client's token, shown once when it is made.",
    }
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert operation["security"] == [{"bearerAuth": []}], f"{method} {path}"


@pytest.mark.django_db
def test_the_schema_and_its_page_are_served_without_a_token_in_english(client):
    response = client.get("/api/v1/schema/", headers={"Accept-Language": "vi"})
    assert response.status_code == 200
    assert response.content.decode() == committed()
    as_json = client.get("/api/v1/schema/?format=json")
    version = yaml.safe_load(committed())["info"]["version"]
    assert as_json.status_code == 200 and as_json.json()["info"]["version"] == version
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "/api/v1/persons/{cccd}/awards/" in text
    assert not re.search(r"<script[^>]+src=\"https?://", text), "no CDN: the intranet is offline"
