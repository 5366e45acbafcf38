"""The layers of CONVENTIONS.md for the apps that exist and for those still to come:
each app is held to its layer from its first commit, and apps on one layer are
independent siblings (import-linter's `|`), so they do not import each other."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXPECTED = [
    ["conf"],
    ["api", "demo", "interop", "portal"],
    ["robot"],
    ["o2o", "reference", "rankings", "insights", "assessment", "volunteers"],
    ["booklists"],
    ["recommendations"],
    ["analytics"],
    [
        "events",
        "circulation",
        "exhibitions",
        "spaces",
        "learning",
        "thinktank",
        "knowledge",
    ],
    ["notices"],
    ["patrons", "catalog"],
    ["network"],
    ["accounts"],
    ["core"],
]


def _layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layers = []
    for layer in contract["layers"]:
        assert ":" not in layer, f"{layer}: siblings on a layer must be independent (|)"
        names = [name.strip().strip("()") for name in layer.split("|")]
        layers.append([name.removeprefix("wenlan.") for name in names])
    return layers


def test_every_app_to_come_has_its_layer_and_siblings_are_independent():
    assert _layers() == EXPECTED


def test_every_app_that_exists_is_in_a_layer():
    placed = {name for layer in _layers() for name in layer}
    apps = {
        path.name
        for path in (ROOT / "src" / "wenlan").iterdir()
        if path.is_dir() and (path / "__init__.py").exists()
    }
    assert apps - placed == set()
