"""The techkg vocabulary: the OWL ontology, the SHACL shapes and IRI minting.

This package imports nothing else of techkg; every other layer depends on it.
"""

from importlib.resources import files
from pathlib import Path


def ontology_path() -> Path:
    """Where ``techkg.ttl`` (the OWL ontology) is installed."""
    return Path(str(files(__name__).joinpath("techkg.ttl")))


def shapes_path() -> Path:
    """Where ``shapes.ttl`` (the SHACL shapes a valid graph satisfies) is installed."""
    return Path(str(files(__name__).joinpath("shapes.ttl")))
