"""axe-core in the browser tests: ``axe_violations(page)`` injects ``axe.min.js`` (npm package ``axe-core``,
pinned in ``tests/channels/node/package.json`` and installed with the Telegram emulator by ``npm ci`` in
``scripts/test.sh`` and ``.ci/run``) and runs it with the WCAG 2.0/2.1 A and AA rules.

The page's context needs ``bypass_csp=True``: the pages' Content-Security-Policy allows no injected script.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

AXE_JS = Path(__file__).resolve().parent / "channels" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on ``page`` as it is now: ``[{id, impact, help, nodes:
    [{target, failureSummary}]}]`` (empty when there is none)."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run `cd tests/channels/node && npm ci` (make test does)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => {
             const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))}));
           }""",
        WCAG_TAGS,
    )
    return result


def describe(violations: list[dict]) -> str:
    """A readable summary for an assertion message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:5]:
            lines.append(f"    {n['target']}: {(n['failureSummary'] or '').splitlines()[-1:]}")
    return "\n".join(lines)
