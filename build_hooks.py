"""The build step pyproject.toml cannot say: what a wheel carries besides the Python modules.

``templates/``, ``static/`` and ``migrations/`` stand at the top of the repository; a wheel
carries them inside the package (``portal/templates``, ``portal/static``, ``portal/migrations``),
where :data:`portal.config.PROJECT_ROOT` finds them, and the message catalogues compiled from
the ``.po`` files (the ``.mo`` files are not in git), so that a wheel built from a clean clone
speaks every language. An editable install reads all of them from the checkout, as before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
PROJECT_FOLDERS = ("templates", "static", "migrations")
CATALOGUES = ROOT / "portal" / "translations"


def compile_catalogues(source: Path, target: Path) -> list[Path]:
    """Write ``target/<language>/LC_MESSAGES/messages.mo`` for every catalogue under ``source``,
    fuzzy entries included, as ``make translations`` does."""
    written = []
    for po_file in sorted(source.glob("*/LC_MESSAGES/*.po")):
        with po_file.open("rb") as po:
            catalogue = read_po(po, locale=po_file.parent.parent.name)
        mo_file = target / po_file.relative_to(source).with_suffix(".mo")
        mo_file.parent.mkdir(parents=True, exist_ok=True)
        with mo_file.open("wb") as mo:
            write_mo(mo, catalogue, use_fuzzy=True)
        written.append(mo_file)
    return written


class BuildPy(build_py):
    """setuptools' ``build_py``, then the project's folders and the compiled catalogues."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        package = Path(self.build_lib) / "portal"
        for name in PROJECT_FOLDERS:
            # Afresh each time: a file deleted from the repository must leave the wheel too.
            shutil.rmtree(package / name, ignore_errors=True)
            shutil.copytree(ROOT / name, package / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        compile_catalogues(CATALOGUES, package / "translations")
