"""The OpenAPI schema as the API really answers (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]).

Kept apart from chengwu_cppcc.api: drf-spectacular's AutoSchema imports DRF's generic views, which import the
default filter backends from chengwu_cppcc.api (a cycle if both lived in one module).
"""
from django.apps import apps
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .api import ContractMixin
from .errors import ERROR_CODES

# Error bodies ------------------------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """Every error answer (chengwu_cppcc.api.exception_handler)."""

    detail = serializers.CharField(help_text="What went wrong, in the user's language.")
    code = serializers.ChoiceField(choices=sorted(ERROR_CODES), help_text="Stable machine code (docs/api.md).")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field or query parameter (nested ones as `suggestions.0.title`).",
    )


class StaleVersionSerializer(ErrorSerializer):
    version = serializers.CharField(help_text="The current version (also the ETag header): read, redo, resend.")


ERROR_DESCRIPTIONS = {
    "400": "Invalid input, or an unknown or wrongly typed query parameter (`unknown_parameter`, `invalid_parameter`).",
    "401": "No valid token (`not_authenticated`, `authentication_failed`).",
    "403": "Your role may not do this, or not on this object (`not_allowed`, `not_your_department`, `not_yours`).",
    "404": "Not found, or outside what you may see, or (a list) a page past the last (`not_found`).",
    "409": "The object's state or a rule refuses the step (`wrong_state`, `quota_full`, `conflict`), or the "
           "Idempotency-Key is in use.",
    "412": "If-Match is stale (`precondition_failed`); nothing changed; `version` is the current one.",
    "422": "The Idempotency-Key was used with another body (`idempotency_key_reused`).",
    "428": "PATCH/PUT without If-Match (`precondition_required`).",
    "429": "Too many failed logins (`locked_out`).",
}


class ContractAutoSchema(AutoSchema):
    """drf-spectacular's schema plus what ContractMixin and the exception handler do: the error answers of every
    operation with their body, If-Match and Idempotency-Key headers, and the ETag of a detail."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        result = super()._map_serializer_field(field, direction, bypass_extensions)
        if getattr(field, "deprecated_for", None):
            result = {**result, "deprecated": True}
        if isinstance(field, serializers.PrimaryKeyRelatedField) and result.get("type") == "integer":
            result = {**result, "format": "int64"}  # an id is a 64-bit column: a larger number is refused
        return result

    def map_parsers(self):
        """One encoding per request body, so that a generated client knows what to send (it cannot choose among
        three that share one schema): multipart/form-data where the body carries a file, JSON otherwise. The API
        still parses all of them; a view that documents several declares each with its own serializer."""
        media_types = super().map_parsers()
        serializer = force_instance(self.get_request_serializer())
        fields = getattr(serializer, "fields", {}) if isinstance(serializer, serializers.Serializer) else {}
        has_file = any(isinstance(field, serializers.FileField) for field in fields.values())
        wanted = "multipart/form-data" if has_file else "application/json"
        return [wanted] if wanted in media_types else media_types

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method in ("PATCH", "PUT") and isinstance(self.view, ContractMixin):
            parameters.append(OpenApiParameter(
                "If-Match", str, OpenApiParameter.HEADER, required=True,
                description="The ETag of the object's GET (its version); stale: 412, missing: 428.",
            ))
        if self.method == "POST" and isinstance(self.view, ContractMixin):
            parameters.append(OpenApiParameter(
                "Idempotency-Key", str, OpenApiParameter.HEADER,
                description="Any unique string (e.g. a UUID): a retry with the same key and body gets the first "
                            "answer again without acting twice (24 hours); another body: 422.",
            ))
        return parameters

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "403", "429"]
        if "{" in self.path or (self._is_list_view() and self._get_paginator()) or self._names_objects():
            codes.append("404")  # a paginated list: a page past the last; a create: an object outside your scope
        if self.method in ("POST", "PATCH", "PUT", "DELETE"):
            codes.append("409")
        if self.method in ("PATCH", "PUT") and isinstance(self.view, ContractMixin):
            codes += ["412", "428"]
        if self.method == "POST" and isinstance(self.view, ContractMixin):
            codes.append("422")
        return codes

    def _names_objects(self) -> bool:
        """A POST whose body names other objects by id (a related field, or a number named after a model: the
        `assignment` of a progress report): one outside what you may see is 404, as on a detail."""
        if self.method != "POST":
            return False
        serializer = self.get_request_serializer()
        fields = {}
        for each in serializer.values() if isinstance(serializer, dict) else [serializer]:  # one per media type
            each = force_instance(each)
            fields.update(each.fields if isinstance(each, serializers.Serializer) else {})
        models = {model._meta.model_name for model in apps.get_models()}
        return any(isinstance(field, (serializers.RelatedField, serializers.ManyRelatedField))
                   or (isinstance(field, serializers.IntegerField) and name in models)
                   for name, field in fields.items())

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", ()):
            # A query parameter's title is its translated label (the description says it too): a generator would
            # name the parameter's type after it, so that the client's types changed with the reader's language.
            parameter.get("schema", {}).pop("title", None)
        responses = operation.setdefault("responses", {})
        for code in self._error_codes():
            serializer = StaleVersionSerializer if code == "412" else ErrorSerializer
            if code in responses and code not in ("400", "403", "404", "409"):
                continue
            ref = self.resolve_serializer(serializer, "response").ref
            responses[code] = {
                "description": ERROR_DESCRIPTIONS[code],
                "content": {"application/json": {"schema": ref}},
            }
        for code, response in responses.items():
            # An error a view declared by hand (a 404 on a create whose topic is out of scope) has the one error
            # body too: a client must be able to read it.
            if code in ERROR_DESCRIPTIONS and "content" not in response:
                response["content"] = {"application/json": {"schema": self.resolve_serializer(
                    StaleVersionSerializer if code == "412" else ErrorSerializer, "response").ref}}
        if getattr(self.view, "action", None) in ("retrieve", "partial_update", "update") and "200" in responses:
            if isinstance(self.view, ContractMixin):
                responses["200"].setdefault("headers", {})["ETag"] = {
                    "schema": {"type": "string"}, "description": "The object's version: send it back in If-Match.",
                }
        return operation

