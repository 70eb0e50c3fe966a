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


# What Django's integer columns hold: their bounds depend on the database
# (PostgreSQL's smallint is 32,767 where SQLite's is 2**63 - 1), so they are
# left out of the description, which is the same whatever the database.
DATABASE_INTEGER_BOUNDS = {32767, 2147483647, 9223372036854775807, -32768, -2147483648, -9223372036854775808}


def drop_database_integer_bounds(result, generator, request, public):
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("maximum", "minimum"):
                    if node.get(key) in DATABASE_INTEGER_BOUNDS:
                        del node[key]
                if node.get("format") == "int64" and "maximum" not in node:
                    del node["format"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
