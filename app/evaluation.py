"""``techkg eval GOLD PRED``: read gold and predicted facts from files and score them."""

from __future__ import annotations

import json
from pathlib import Path

from extract.evaluation import Report, evaluate


def load_documents(path: Path) -> list[dict]:
    """Documents from a ``.jsonl`` file, one ``.json`` file, or a folder of ``.json`` files."""
    if path.is_dir():
        return [_with_id(json.loads(p.read_text(encoding="utf-8")), p) for p in sorted(path.glob("*.json"))]
    if not path.exists():
        raise ValueError(f"{path}: no such file or directory")
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data = json.loads(text)
        return [_with_id(d, path) for d in (data if isinstance(data, list) else [data])]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _with_id(doc: dict, path: Path) -> dict:
    doc.setdefault("doc", path.name.removesuffix(".json").removesuffix(".gold"))
    return doc


def evaluate_files(gold: Path, pred: Path) -> Report:
    """Score the predictions in ``pred`` against the gold facts in ``gold``."""
    try:
        return evaluate(load_documents(gold), load_documents(pred))
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc}") from exc
