"""The OpenAPI schema: served, complete (every route of the router), every field and parameter described."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from khuyencong.api.urls import router


@pytest.fixture(scope="module")
def spec():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_field_and_parameter_is_described(spec):
    undescribed = []
    for name, component in spec["components"]["schemas"].items():
        for field, prop in component.get("properties", {}).items():
            if not (prop.get("description") or "").strip():
                undescribed.append(f"{name}.{field}")
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for param in operation.get("parameters", []):
                if not (param.get("description") or "").strip():
                    undescribed.append(f"{method.upper()} {path} ?{param['name']}")
    assert not undescribed, undescribed


def test_every_route_is_in_the_schema(spec):
    paths = set(spec["paths"])
    assert len(paths) >= len({str(p.pattern) for p in router.urls}) - 1
    for needed in ("/api/v1/establishments/{code}/", "/api/v1/projects/{code}/transitions/{name}/",
                   "/api/v1/indicators/", "/api/v1/units/resolve/"):
        assert needed in paths


@pytest.mark.django_db
def test_schema_and_docs_are_served():
    client = APIClient()
    r = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200 and b"Khuy" in r.content
    r = client.get("/api/docs/")
    assert r.status_code == 200 and b"swagger-ui" in r.content and b"cdn" not in r.content.lower()
