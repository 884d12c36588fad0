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

from tests.fixtures import module_transaction, tree_roots


@pytest.fixture(scope="module")
def demo_for_fuzzing(django_db_setup, django_db_blocker, tmp_path_factory):
    import io

    from django.core.management import call_command
    from django.test import override_settings

    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("fuzz-media")))
    with media, module_transaction(django_db_blocker):
        tree_roots()
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=io.StringIO())
        yield


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


def test_every_get_operation_keeps_to_the_document(demo_for_fuzzing, db, subtests):
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
