"""A production install: the wheel built from a clean copy of the checkout (what git holds, so no
compiled catalogue), installed in a fresh virtualenv, upgrades an empty SQLite database with its
own ``portal db upgrade`` and serves its pages in every language, from a folder outside the
checkout and with the checkout out of sight.

The fresh virtualenv sees this environment's site-packages for the dependencies through a
``.pth`` line: a directory added that way has its own ``.pth`` files ignored, so the editable
install of the checkout is not visible there, which a test asserts.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import sqlite3
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from babel.messages.pofile import read_po
from markupsafe import escape

from portal.config import PROJECT_ROOT
from portal.core.i18n import CATALOGUE_LANGUAGES

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgresql"),
    reason="the installed wheel is tried on the embedded database (its own, whatever DATABASE_URL "
           "says): once is enough, on the embedded stage")

#: A page of the installed portal and a message that page shows.
PAGES = {"/": "Member states", "/sign-in": "Forgotten your password?"}
STYLESHEET = "/static/css/portal.css"
#: What a build's pip prints when the build requirements cannot be had (no index reachable).
UNREACHABLE = ("No matching distribution found", "Could not find a version that satisfies")

#: Run by the installed portal's interpreter: each page in each language, as JSON.
SERVE = """
import json, sys
import portal
from portal import create_app

languages, paths, stylesheet = json.loads(sys.argv[1])
client = create_app({"RATELIMIT_ENABLED": False}).test_client()
pages = {f"{language} {path}": client.get(path, headers={"Accept-Language": language})
         for language in languages for path in paths}
static = client.get(stylesheet)
print(json.dumps({
    "portal": portal.__file__,
    "pages": {key: [page.status_code, page.get_data(as_text=True)] for key, page in pages.items()},
    "static": [static.status_code, static.headers.get("Content-Type", "")],
}))
"""


def _run(command: list, **options) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=240, **options)


def _succeed(command: list, **options) -> subprocess.CompletedProcess:
    done = _run(command, **options)
    assert done.returncode == 0, f"{command[:4]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _clean_copy(target: Path) -> None:
    """The files git holds or would hold (tracked and not ignored), as a fresh clone has them
    plus the uncommitted work: no ``.mo`` file, no ``build/``, no ``instance/``."""
    if shutil.which("git") is None or not (PROJECT_ROOT / ".git").exists():
        pytest.skip(f"the wheel is built from what git holds, and {PROJECT_ROOT} is not a git checkout")
    listed = _succeed(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                      cwd=PROJECT_ROOT)
    for name in filter(None, listed.stdout.split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _builds_offline() -> bool:
    """This environment can build the wheel without fetching the build requirements."""
    try:
        import babel  # noqa: F401
        from setuptools.command import bdist_wheel  # noqa: F401  (setuptools 70.1 and later)
    except ImportError:
        return False
    return True


def _build_wheel(source: Path, folder: Path) -> Path:
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
               "--wheel-dir", str(folder), str(source)]
    if _builds_offline():
        command.insert(5, "--no-build-isolation")
    built = _run(command, cwd=folder)
    if built.returncode and any(reason in built.stdout + built.stderr for reason in UNREACHABLE):
        pytest.skip("the build requirements (pyproject.toml, [build-system]) are neither installed "
                    f"here nor reachable from a package index:\n{built.stderr[-2000:]}")
    assert built.returncode == 0, f"the wheel's build failed:\n{built.stdout[-3000:]}\n{built.stderr[-3000:]}"
    return next(folder.glob("*.whl"))


def _fresh_virtualenv(folder: Path) -> tuple[Path, Path]:
    """A virtualenv with the wheel's dependencies visible (this environment's site-packages,
    after its own) and nothing of the checkout: its interpreter and its site-packages."""
    _succeed([sys.executable, "-m", "venv", "--without-pip", str(folder)])
    python = folder / "bin" / "python"
    purelib = Path(_succeed([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
                   .stdout.strip())
    dependencies = [*site.getsitepackages(), sysconfig.get_path("purelib")]
    (purelib / "dependencies.pth").write_text("".join(f"{path}\n" for path in dict.fromkeys(dependencies)))
    return python, purelib


def _environment(data: Path) -> dict:
    """This process's environment less whatever points at the checkout or at other databases."""
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("PYTHONPATH", "DATABASE_URL", "CELERY_BROKER_URL")
                   and not name.startswith("PORTAL_")}
    return {**environment, "PORTAL_DATA_DIR": str(data), "MATCHING_ENCODER": "lexical",
            "PYTHONDONTWRITEBYTECODE": "1"}


def _message(language: str, msgid: str) -> str:
    """``msgid`` in ``language``, from the checkout's catalogue (English is the msgid itself)."""
    path = PROJECT_ROOT / "portal" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        message = read_po(po, locale=language).get(msgid)
    assert message is not None, f"{msgid!r} is not in the {language} catalogue"
    return message.string or msgid


@pytest.fixture(scope="module")
def install(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    source, dist, run_folder, data = (work / name for name in ("source", "dist", "run", "data"))
    for folder in (source, dist, run_folder, data):
        folder.mkdir()
    _clean_copy(source)
    wheel = _build_wheel(source, dist)
    python, purelib = _fresh_virtualenv(work / "venv")
    environment = _environment(data)
    _succeed([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
              "--ignore-installed", "--disable-pip-version-check", "--quiet", str(wheel)],
             cwd=work, env=environment)
    upgrade = _run([str(python.parent / "portal"), "db", "upgrade"], cwd=run_folder, env=environment)
    served = _succeed([str(python), "-c", SERVE, json.dumps([CATALOGUE_LANGUAGES, list(PAGES), STYLESHEET])],
                      cwd=run_folder, env=environment)
    return {"wheel": wheel, "purelib": purelib, "data": data, "upgrade": upgrade,
            "served": json.loads(served.stdout.splitlines()[-1])}


def test_the_wheel_carries_the_project_files_and_the_compiled_catalogues(install):
    names = zipfile.ZipFile(install["wheel"]).namelist()
    assert "portal/templates/base.html" in names
    assert "portal/static/css/portal.css" in names
    assert "portal/migrations/env.py" in names
    assert any(name.startswith("portal/migrations/versions/") for name in names)
    assert "portal/reference/data/member_states.csv" in names
    for language in CATALOGUE_LANGUAGES:
        assert f"portal/translations/{language}/LC_MESSAGES/messages.mo" in names


def test_the_installed_portal_is_imported_from_the_fresh_virtualenv(install):
    imported = Path(install["served"]["portal"]).resolve()
    assert imported.is_relative_to(install["purelib"].resolve())
    assert not imported.is_relative_to(PROJECT_ROOT.resolve())


def test_the_installed_portal_db_upgrade_migrates_an_empty_database_to_head(install):
    assert install["upgrade"].returncode == 0, install["upgrade"].stderr[-3000:]
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    head = ScriptDirectory.from_config(config).get_current_head()
    with sqlite3.connect(install["data"] / "portal.sqlite") as database:
        assert database.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]
        assert database.execute("SELECT count(*) FROM member_state").fetchone() == (5,)


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_the_installed_portal_serves_its_pages_in_each_language(install, language, path):
    status, body = install["served"]["pages"][f"{language} {path}"]
    expected = _message(language, PAGES[path])
    assert status == 200
    assert f'<html lang="{language}">' in body
    assert str(escape(expected)) in body
    if language != "en":
        assert expected != PAGES[path], f"{PAGES[path]!r} is not translated into {language}"


def test_the_installed_portal_serves_its_static_files(install):
    status, content_type = install["served"]["static"]
    assert status == 200
    assert content_type.startswith("text/css")
