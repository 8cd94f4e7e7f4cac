"""The API's own description: the OpenAPI document (always in English, whatever the visitor's
language, so that it is one document) and a plain page made from it (no script, no CDN: the
intranet is offline)."""

import hashlib

import yaml
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView


def generate_schema():
    """The OpenAPI document of the API, as ``manage.py spectacular --lang en`` writes it."""
    with translation.override("en"):
        return SchemaGenerator().get_schema(request=None, public=True)


def render_yaml(schema):
    return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


def fingerprint(text):
    """SHA-256 of a committed schema's text without its version line: what the version stands for."""
    schema = yaml.safe_load(text)
    schema["info"].pop("version", None)
    return hashlib.sha256(render_yaml(schema).encode()).hexdigest()


class SchemaView(SpectacularAPIView):
    """/api/v1/schema/ (YAML; ``?format=json`` for JSON), open without a token: it holds no data."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response


@require_GET
def page(request):
    schema = generate_schema()
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(request, "api/docs.html", {"info": schema["info"], "operations": operations})
