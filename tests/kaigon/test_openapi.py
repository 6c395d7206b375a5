import pytest

pytestmark = pytest.mark.django_db

ERROR_REF = {"$ref": "#/components/schemas/Error"}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema(client) -> dict:
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return response.json()


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in METHODS:
                yield path, method, operation


def error_schema_of(operation: dict, status: str) -> dict:
    return operation["responses"][status]["content"]["application/json"]["schema"]


def test_every_error_response_in_the_schema_has_the_error_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["properties"]["error"]["required"] == ["code", "message", "fields"]
    for path, method, operation in operations(schema):
        assert error_schema_of(operation, "429") == ERROR_REF, (path, method)
        for status in operation["responses"]:
            if status[0] in "45":
                assert error_schema_of(operation, status) == ERROR_REF, (path, status)


def test_login_only_and_identified_operations_document_401_and_404(schema):
    me = schema["paths"]["/api/v1/me"]["get"]
    assert error_schema_of(me, "401") == ERROR_REF
    profile = schema["paths"]["/api/v1/users/{username}"]["get"]
    assert error_schema_of(profile, "404") == ERROR_REF
    upload = schema["paths"]["/api/v1/images"]["post"]
    assert error_schema_of(upload, "400") == ERROR_REF
    cursor_list = schema["paths"]["/api/v1/images"]["get"]
    assert error_schema_of(cursor_list, "404") == ERROR_REF  # a bad cursor
    health = schema["paths"]["/api/v1/health"]["get"]
    assert "401" not in health["responses"]  # anyone may call it


def test_a_real_error_answer_matches_the_documented_shape(client, schema):
    documented = schema["components"]["schemas"]["Error"]["properties"]["error"]
    body = client.get("/api/v1/me").json()
    assert set(body) == {"error"}
    assert set(body["error"]) == set(documented["properties"])
