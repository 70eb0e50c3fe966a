"""How drf-spectacular describes what it cannot read from the code: the Bearer token scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created on « Mon profil » or by `manage.py api_token`.",
        }


ERROR = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "A machine code: invalid, not_found, throttled…"},
        "message": {"type": "string", "description": "In French, or in English with Accept-Language: en."},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "For `invalid`: the messages of each field.",
        },
    },
}
ERROR_RESPONSES = {
    "400": "Invalid input (a parameter, a filter or the body): `fields` says where.",
    "401": "No token, or an unknown or revoked one.",
    "403": "The account's role may not use this endpoint.",
    "404": "No such record, or not one you may see.",
    "429": "Past the rate limit: wait for Retry-After seconds.",
}


def add_error_responses(result, generator, request, public):
    """Every operation's error answers, the same JSON everywhere (api.exceptions), described once here."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path, operations in result["paths"].items():
        for operation in operations.values():
            codes = ["400", "429"]
            if "public" not in operation.get("tags", []):
                codes += ["401", "403"]
            if "{" in path:
                codes.append("404")
            for code in sorted(codes):
                operation["responses"].setdefault(
                    code,
                    {
                        "description": ERROR_RESPONSES[code],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
