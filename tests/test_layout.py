"""The order of features (README, "Layout"): every import, including those inside functions,
runs down it, and no feature imports the factory, the command line or the worker.

The contracts are import-linter's, under ``[tool.importlinter]`` in ``pyproject.toml``; this test
checks them on the import graph of the code as it is, and checks that they would catch each kind
of edge the portal once had.
"""

from __future__ import annotations

from copy import deepcopy
from functools import cache

import grimp
import pytest
from importlinter import api
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract
from importlinter.domain.contract import ContractCheck

from portal.config import PROJECT_ROOT

CONTRACT_TYPES = {"layers": LayersContract, "forbidden": ForbiddenContract}

#: Modules above every feature: they may import any feature, and no feature imports them.
ENTRY_POINTS = {"portal", "portal.cli", "portal.devserver", "portal.schema", "portal.wsgi",
                "portal.demo", "workers"}

#: Edges the portal had before it had an order, one of each kind: the base importing features,
#: features importing each other both ways, features importing the factory or the command line.
EDGES_ONCE_FOUND = [
    ("portal.core.permissions", "portal.accounts.roles"),
    ("portal.config", "portal.matching.encoders"),
    ("portal.extensions", "portal.registry.models"),
    ("portal.core.api", "portal.accounts.tokens"),
    ("portal.accounts.permissions", "portal.registry.models"),
    ("portal.accounts.registration", "portal.notifications.services"),
    ("portal.calls.models", "portal.council.tally"),
    ("portal.proposals.guards", "portal.review.models"),
    ("portal.proposals.serialise", "portal.council.models"),
    ("portal.search.api", "portal.partnering.models"),
    ("portal.matching.permissions", "portal.proposals.permissions"),
    ("portal.partnering.views", "portal.dashboard.queries"),
    ("portal.registry.commands", "portal.cli"),
    ("portal.matching.commands", "portal"),
    ("portal.review.services", "workers"),
]


@cache
def _configuration() -> dict:
    return api.read_configuration(str(PROJECT_ROOT / "pyproject.toml"))


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(*_configuration()["session_options"]["root_packages"], cache_dir=None)


def _checks(graph: grimp.ImportGraph) -> dict[str, ContractCheck]:
    configuration = _configuration()
    checks = {}
    for options in configuration["contracts_options"]:
        contract = CONTRACT_TYPES[options["type"]](
            name=options["name"], session_options=configuration["session_options"],
            contract_options=options)
        checks[options["name"]] = contract.check(deepcopy(graph), verbose=False)
    return checks


def _refused(metadata) -> set[tuple[str, str]]:
    """Every ``(importer, imported)`` named in a broken contract's report."""
    if isinstance(metadata, dict):
        own = {(metadata["importer"], metadata["imported"])} if "importer" in metadata else set()
        return own.union(*(_refused(value) for value in metadata.values()))
    if isinstance(metadata, list | tuple):
        return set().union(*(_refused(value) for value in metadata))
    return set()


def _layers() -> list[str]:
    (order,) = [options for options in _configuration()["contracts_options"]
                if options["id"] == "order"]
    return [name.strip().strip("()") for layer in order["layers"]
            for name in layer.replace("|", ":").split(":")]


def test_every_import_runs_down_the_order_of_features():
    broken = {name: sorted(_refused(check.metadata))
              for name, check in _checks(_graph()).items() if not check.kept}
    assert not broken, f"broken contracts (`lint-imports` shows the chains): {broken}"


def test_every_package_of_the_portal_has_a_place_in_the_order():
    """A new feature cannot escape the contracts by being left out of them."""
    packages = {module for module in _graph().modules
                if module.count(".") == 1 and module.startswith("portal.")}
    placed = set(_layers()) | ENTRY_POINTS
    assert packages - placed == set()


@pytest.mark.parametrize(("importer", "imported"), EDGES_ONCE_FOUND,
                         ids=[f"{a}->{b}" for a, b in EDGES_ONCE_FOUND])
def test_the_contracts_refuse_each_kind_of_edge_once_found(importer, imported):
    graph = deepcopy(_graph())
    graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import")
    refused = set().union(*(_refused(check.metadata) for check in _checks(graph).values()))
    assert (importer, imported) in refused
