"""A task's registered name is the dotted path of its function, in its feature's ``tasks.py``;
``portal`` sends tasks by name and never imports ``workers``. Every name the portal sends, and
every entry of the beat schedule, must be a task registered in the worker's application."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import uuid
from pathlib import Path

from portal.config import PROJECT_ROOT
from portal.proposals.transitions import NEXT_TASK
from tests.workers.conftest import delete_broker_queue, worker_environment

SENDERS = {"enqueue", "send_now", "worker_step"}


def _python_files(package: str) -> list[Path]:
    return sorted((PROJECT_ROOT / package).rglob("*.py"))


def _send_calls() -> dict[str, ast.Call]:
    calls = {}
    for package in ("portal", "workers"):
        for path in _python_files(package):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                    if name in SENDERS:
                        calls[f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}"] = node
    return calls


def _task_argument(call: ast.Call) -> ast.expr | None:
    """The argument naming the task: the first, or the second of ``worker_step(status, task)``."""
    func = call.func
    position = 1 if (func.attr if isinstance(func, ast.Attribute) else func.id) == "worker_step" else 0
    return call.args[position] if len(call.args) > position else None


def _is_name_or_task(argument: ast.expr | None) -> bool:
    """A registered name written out (checked below), or a task object or a name handed on (a
    task object is registered by its decorator; ``NEXT_TASK``'s names are checked below)."""
    return ((isinstance(argument, ast.Constant) and isinstance(argument.value, str))
            or isinstance(argument, ast.Name | ast.Attribute))


def _names_written_out() -> dict[str, str]:
    return {where: argument.value for where, call in _send_calls().items()
            if isinstance(argument := _task_argument(call), ast.Constant)}


def test_every_task_the_code_sends_is_named_by_its_registered_name_or_object():
    calls = _send_calls()

    assert calls, "no enqueue()/send_now() call found: the scan is broken"
    assert _names_written_out(), "no task name written out found: the scan is broken"
    offending = [where for where, call in calls.items()
                 if not _is_name_or_task(_task_argument(call))]
    assert offending == []


def test_portal_sends_tasks_only_through_the_jobs_helpers():
    offending = [f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}"
                 for path in _python_files("portal")
                 for node in ast.walk(ast.parse(path.read_text()))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                 and node.func.attr in ("send_task", "delay", "apply_async")
                 and path != PROJECT_ROOT / "portal" / "core" / "jobs.py"]
    assert offending == []


def test_portal_never_imports_workers():
    offending = []
    for path in _python_files("portal"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offending += [f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}"
                          for name in names if name == "workers" or name.startswith("workers.")]
    assert offending == []


def _in_worker_process(script: str, tmp_path, queue: str = "unused"):
    """Run ``script`` where ``workers`` is imported, in a process of its own (importing it builds
    an app from the environment and makes its Celery application the default one); what the
    script's last line prints, as JSON."""
    env = worker_environment(f"sqlite:///{tmp_path / 'unused.sqlite'}", tmp_path, queue, {})
    result = subprocess.run([sys.executable, "-c", script], env=env, cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


WORKER_TASKS = """
import json, workers
functions = {name: getattr(task.run, "__func__", task.run) for name, task in workers.app.tasks.items()
             if not name.startswith("celery.")}
print(json.dumps({
    "paths": {name: f"{function.__module__}.{function.__qualname__}"
              for name, function in functions.items()},
    "schedule": {entry: options["task"] for entry, options in workers.app.conf.beat_schedule.items()},
}))
"""


def test_every_task_is_registered_by_its_functions_dotted_path_in_its_features_tasks_module(
        tmp_path):
    paths = _in_worker_process(WORKER_TASKS, tmp_path)["paths"]

    assert len(paths) > 20, "the worker registered too few tasks: the check is broken"
    assert {name: path for name, path in paths.items() if name != path} == {}
    assert [name for name in paths if not name.startswith("portal.")
            or name.split(".")[2] != "tasks"] == []


def test_every_name_the_portal_sends_and_every_beat_entry_is_registered(app, tmp_path):
    """``app``: the features fill NEXT_TASK from their ``init_app``, so one must be built."""
    found = _in_worker_process(WORKER_TASKS, tmp_path)
    registered = set(found["paths"])

    assert {where: name for where, name in _names_written_out().items()
            if name not in registered} == {}
    assert NEXT_TASK and set(NEXT_TASK.values()) <= registered
    assert found["schedule"] and set(found["schedule"].values()) <= registered


def test_the_beat_cleans_old_uploads_and_mails_the_match_digests_daily(tmp_path):
    schedule = _in_worker_process(WORKER_TASKS, tmp_path)["schedule"]

    assert schedule["clean-import-uploads"] == "portal.registry.tasks.clean_import_uploads"
    assert schedule["match-digests"] == "portal.matching.tasks.send_digests"
    assert schedule["exchange-rates"] == "portal.money.tasks.fetch_exchange_rates"


SEND_EVERY_BEAT_ENTRY = """
import json, workers
refused = {}
for entry, options in workers.app.conf.beat_schedule.items():
    try:
        workers.app.tasks[options["task"]].apply_async()
    except Exception as error:
        refused[entry] = repr(error)
print(json.dumps([len(workers.app.conf.beat_schedule), refused]))
"""


def test_the_beat_can_send_every_scheduled_task(tmp_path):
    """The beat sends a task object's ``apply_async``, which checks the task's options (Celery
    refuses a soft time limit above the hard one) where sending by name does not: a refusal is
    only logged by the beat, and the sweep never runs."""
    queue = f"beat-check-{uuid.uuid4().hex[:8]}"
    try:
        entries, refused = _in_worker_process(SEND_EVERY_BEAT_ENTRY, tmp_path, queue)
    finally:
        delete_broker_queue(queue)

    assert entries >= 12
    assert refused == {}
