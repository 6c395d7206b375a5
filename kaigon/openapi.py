"""Document the one error shape on every operation of the OpenAPI schema.

The generic answers (400, 401, 404, 429) are attached here; an operation's
`extend_schema` adds only what is its own (e.g. 403 email_unverified).
"""

from typing import Any

ERROR_COMPONENT = "Error"

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every 4xx and 5xx answer of the API has this shape.",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {
                    "type": "string",
                    "description": "Stable, for programs: invalid, not_found, "
                    "not_authenticated, permission_denied, throttled, ... "
                    "(every code is listed in docs/api.md).",
                    "example": "invalid",
                },
                "message": {
                    "type": "string",
                    "description": "For people; translated; may change.",
                },
                "fields": {
                    "type": "object",
                    "description": "Per-field messages when the input was invalid.",
                    "additionalProperties": {},
                },
            },
        }
    },
}

_WRITE_METHODS = {"post", "put", "patch"}
_METHODS = {"get", "post", "put", "patch", "delete"}


def _needs_login(operation: dict) -> bool:
    security = operation.get("security") or []
    # drf-spectacular lists an empty requirement when anonymous calls are allowed.
    return bool(security) and {} not in security


def _common_errors(path: str, method: str, operation: dict) -> dict[str, str]:
    errors = {"429": "Too many requests; wait for the seconds in Retry-After."}
    if method in _WRITE_METHODS:
        errors["400"] = "Invalid input; `fields` names what is wrong with each field."
    if _needs_login(operation):
        errors["401"] = "No valid login (missing, expired or revoked token)."
    if "{" in path:
        errors["404"] = "Nothing with this identifier (or not visible to you)."
    if any(p.get("name") == "cursor" for p in operation.get("parameters", [])):
        errors.setdefault("404", "Invalid cursor: start again without one.")
    return errors


def add_error_responses(
    result: dict, generator: object, request: object, public: bool
) -> dict:
    """drf-spectacular postprocessing hook: attach the Error schema to errors."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = (
        ERROR_SCHEMA
    )
    error_content = {
        "application/json": {
            "schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
        }
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in _common_errors(path, method, operation).items():
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if str(status)[0] in "45" and not response.get("content"):
                    response["content"] = error_content
    return result
