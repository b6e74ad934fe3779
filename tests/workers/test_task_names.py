"""``portal`` sends tasks by name and never imports ``workers``: every name it can send must be a
:class:`TaskName`, and every :class:`TaskName` must be registered in the worker's application."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import uuid
from pathlib import Path

from portal.config import PROJECT_ROOT
from portal.core.celery import BEAT_SCHEDULE
from portal.core.jobs import TaskName
from portal.proposals.transitions import NEXT_TASK
from tests.workers.conftest import delete_broker_queue, worker_environment

SENDERS = {"enqueue", "send_now"}


def _python_files(package: str) -> list[Path]:
    return sorted((PROJECT_ROOT / package).rglob("*.py"))


def _send_calls(path: Path) -> list[ast.Call]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in SENDERS:
                calls.append(node)
    return calls


def _is_task_name_member(argument: ast.expr) -> bool:
    return (isinstance(argument, ast.Attribute) and isinstance(argument.value, ast.Name)
            and argument.value.id == "TaskName" and argument.attr in TaskName.__members__)


def _is_passed_on(argument: ast.expr) -> bool:
    """A name handed on from a table typed ``TaskName`` (``NEXT_TASK[...]`` read into a
    variable): the table's values are checked below."""
    return isinstance(argument, ast.Name)


def test_every_task_the_code_sends_is_named_by_a_task_name():
    calls = {f"{path.relative_to(PROJECT_ROOT)}:{call.lineno}": call
             for package in ("portal", "workers") for path in _python_files(package)
             for call in _send_calls(path)}

    assert calls, "no enqueue()/send_now() call found: the scan is broken"
    offending = [where for where, call in calls.items()
                 if not call.args or not (_is_task_name_member(call.args[0])
                                          or _is_passed_on(call.args[0]))]
    assert offending == []


def test_the_workflows_next_steps_are_task_names():
    assert NEXT_TASK and all(isinstance(name, TaskName) for name in NEXT_TASK.values())


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


def test_every_task_name_is_registered_in_the_worker(tmp_path):
    registered = _in_worker_process(
        "import json, workers; print(json.dumps(sorted(workers.app.tasks)))", tmp_path)

    assert {str(name) for name in TaskName} <= set(registered)


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

    assert entries == len(BEAT_SCHEDULE)
    assert refused == {}
