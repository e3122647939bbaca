"""The layering of DESIGN.md, enforced: app -> (extract | queries) -> ontology.

Only ``app`` touches HTTP, the environment and the CLI framework; ``ontology`` imports
nothing of ours. Imports are read from the source with ``ast``, so a lazy import inside
a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app", "extract", "queries", "ontology")
#: package -> the packages of ours it may import
ALLOWED = {
    "app": {"app", "extract", "queries", "ontology"},
    "extract": {"extract", "ontology"},
    "queries": {"queries", "ontology"},
    "ontology": {"ontology"},
}
#: third-party modules that mean HTTP, a server, the environment or a CLI framework
APP_ONLY = {"fastapi", "starlette", "uvicorn", "httpx", "pydantic_settings", "argparse", "requests"}


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_dependencies_point_downwards(package: str) -> None:
    for path in modules(package):
        ours = imports_of(path) & set(PACKAGES)
        assert ours <= ALLOWED[package], f"{path.relative_to(ROOT)} imports {sorted(ours - ALLOWED[package])}"


@pytest.mark.parametrize("package", ["extract", "queries", "ontology"])
def test_only_app_touches_http_env_and_cli(package: str) -> None:
    for path in modules(package):
        text = path.read_text(encoding="utf-8")
        assert not imports_of(path) & APP_ONLY, path
        assert "os.environ" not in text and "getenv" not in text, path


def test_layer_check_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from app.store import open_store\nimport fastapi\n")
    assert imports_of(bad) == {"app", "fastapi"}
