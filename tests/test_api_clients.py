"""
Schemathesis over every GET operation of /api/v3/, against demo content:
no server error, no response that violates the OpenAPI document, no status
code it does not document. Bounded and deterministic (a fixed seed), so it
runs in every `make test`.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.hypothesis.reporting import UnsatisfiableSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """
    Schemathesis calls the WSGI app directly, so each request ends with Django's
    close_old_connections, which closes a connection inside a transaction (the
    module's demo) on PostgreSQL. Django's own test client turns it off the same way.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# What the channels rely on: no server error, every status documented, every body as the document says.
# (Not "valid-looking input is accepted": the API refuses control characters and unknown filter values
# that the document's plain strings allow, on purpose.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def test_every_get_operation_keeps_to_the_document(demo_site, wsgi_keeps_the_test_connection, subtests):
    from django.core.wsgi import get_wsgi_application

    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
    assert len(operations) >= 10, "the document lists the API's read operations"
    for operation in operations:
        with subtests.test(operation=operation.label):

            @FUZZ
            @given(case=operation.as_strategy())
            def call(case):
                case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=CHECKS)

            try:
                call()
            except UnsatisfiableSchema:
                # Wagtail documents snippet revisions for an empty set of snippet types:
                # no request the document allows exists, so there is nothing to send.
                assert "/snippets/" in operation.label, operation.label


def test_a_client_generated_from_the_document_decodes_every_page_type(demo_site, client, tmp_path):
    """What an app developer does first: generate typed models from the document, then read the demo."""
    import importlib.util
    import json
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from wagtail.models import Page

    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(client.get("/api/v3/openapi.json").json(), ensure_ascii=False))
    models = tmp_path / "kepu_client.py"
    codegen = shutil.which("datamodel-codegen") or str(Path(sys.executable).parent / "datamodel-codegen")
    subprocess.run(
        [codegen, "--input", str(document), "--input-file-type", "openapi", "--output", str(models)]
        + ["--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.11"]
        + ["--formatters", "ruff-format"],
        check=True,
        capture_output=True,
    )
    spec = importlib.util.spec_from_file_location("kepu_client", models)
    generated = importlib.util.module_from_spec(spec)
    sys.modules["kepu_client"] = generated  # pydantic's generic models look their module up
    try:
        spec.loader.exec_module(generated)
    finally:
        sys.modules.pop("kepu_client", None)

    page_types = {page.specific_class for page in Page.objects.live().exclude(depth=1)}
    assert len(page_types) >= 10
    for model in page_types:
        label = f"{model._meta.app_label}.{model.__name__}"
        listing = client.get("/api/v3/pages/", {"type": label, "limit": 20}).json()
        generated.PagedBasePageSchema.model_validate(listing)
        assert listing["items"], label
        detail = client.get(f"/api/v3/pages/{listing['items'][0]['id']}/").json()
        decoded = getattr(generated, f"{model.__name__}Schema").model_validate(detail)
        assert decoded.id == detail["id"] and decoded.title == detail["title"], label
