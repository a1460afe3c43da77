"""Care's layering, read from the import graph: selectors never import services, and no
two of Care's modules import each other (directly or round about)."""

import grimp
import pytest


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("s2c")


def test_selectors_never_import_services(graph):
    for reader in ("s2c.care.selectors", "s2c.care.presenters", "s2c.care.workflow_rules"):
        chain = graph.find_shortest_chain(reader, "s2c.care.services", as_packages=True)
        assert chain is None, chain


def test_no_import_cycle_in_care(graph):
    modules = sorted(m for m in graph.modules if m.startswith("s2c.care."))
    cycles = [
        (a, b)
        for a in modules
        for b in graph.find_modules_directly_imported_by(a)
        if b.startswith("s2c.care.") and graph.chain_exists(b, a)
    ]
    assert cycles == []
