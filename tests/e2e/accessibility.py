"""Accessibility checks with axe-core, injected into the page under test.

``assert_accessible(page)`` runs axe with the WCAG 2.0 A, AA, 2.1 AA and best-practice rules and
fails on every violation whose impact is serious or critical; the minor and moderate ones are
printed and listed at the end of the run. Each checked document is tagged, so that the browser
fixture can tell, when a test ends, whether every page it loaded was checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.config import PROJECT_ROOT

AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
RULE_SETS = ("wcag2a", "wcag2aa", "wcag21aa", "best-practice")
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

#: Violations below serious impact seen during the run, for the terminal summary.
minor_findings: list[str] = []

_RUN_AXE = """async (ruleSets) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: ruleSets}});
  window.__portalDocument ??= Math.random().toString(36).slice(2);
  return {document: window.__portalDocument, violations: result.violations};
}"""


def axe_script() -> Path:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `npm ci` (or `make test`) first")
    return AXE_SCRIPT


def describe(violation: dict) -> str:
    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    more = len(violation["nodes"]) - 5
    suffix = f" (and {more} more)" if more > 0 else ""
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} at {targets}{suffix}"


def run_axe(page) -> tuple[str, list[dict]]:
    """Run axe on the page's document; returns the document's tag and the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    result = page.evaluate(_RUN_AXE, list(RULE_SETS))
    return result["document"], result["violations"]


def assert_accessible(page) -> None:
    """No serious or critical axe violation on the page as it is now."""
    page.wait_for_load_state("load")
    document, violations = run_axe(page)
    checked_documents(page)[document] = without_fragment(page.url)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    for violation in violations:
        if violation["impact"] not in BLOCKING_IMPACTS:
            line = f"{page.url}: {describe(violation)}"
            print(f"axe (not blocking) {line}")
            minor_findings.append(line)
    assert not blocking, f"accessibility violations on {page.url}:\n" + "\n".join(
        describe(v) for v in blocking
    )


_checked: dict[int, dict[str, str]] = {}


def checked_documents(page) -> dict[str, str]:
    """The documents of ``page`` checked so far: their tag and address."""
    return _checked.setdefault(id(page), {})


def forget(page) -> None:
    _checked.pop(id(page), None)


def current_document_checked(page) -> bool:
    tag = page.evaluate("() => window.__portalDocument ?? null")
    return tag is not None and tag in checked_documents(page)


def without_fragment(url: str) -> str:
    return url.split("#", 1)[0]
