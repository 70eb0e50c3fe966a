"""Every API error as ``{"code": ..., "message": ..., "fields": {...}}``, in the request's language.

LocaleMiddleware has activated the language of Accept-Language (French by
default), so the services' messages and DRF's own come translated; a
service's ValidationError is the same 400 whatever the endpoint.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


def _field_messages(detail):
    """DRF's nested error detail as {field: [messages]}, nested fields joined by dots."""
    found = {}

    def walk(value, prefix):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{prefix}.{key}" if prefix else str(key))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, f"{prefix}.{index}" if isinstance(inner, dict) else prefix)
        else:
            found.setdefault(prefix or "non_field_errors", []).append(str(value))

    walk(detail, "")
    return found


def django_validation_error(error):
    """A service's ValidationError as DRF's, keeping its fields and its code."""
    if hasattr(error, "error_dict"):
        detail = {
            ("non_field_errors" if name == "__all__" else name): [
                exceptions.ErrorDetail(message, code=item.code or "invalid")
                for item in items
                for message in item.messages
            ]
            for name, items in error.error_dict.items()
        }
    else:
        detail = [exceptions.ErrorDetail(message, code=error.code or "invalid") for message in error.messages]
    return exceptions.ValidationError(detail)


def json_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = django_validation_error(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _field_messages(exc.detail)
        messages = [message for items in fields.values() for message in items]
        response.data = {"code": "invalid", "message": " ".join(messages), "fields": fields}
    else:
        detail = getattr(exc, "detail", "")
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"code": code, "message": str(detail)}
    return response


def json_error(code, message, *, status_code=status.HTTP_400_BAD_REQUEST, **extra):
    return Response({"code": code, "message": str(message), **extra}, status=status_code)
