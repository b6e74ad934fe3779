"""``portal dev``: the one-command start on embedded defaults.

Brings the schema, the reference data and the demo data up to date, starts a Celery worker with
an embedded beat scheduler as a separate process (a real worker, over the filesystem broker),
serves the portal with Werkzeug, and stops both cleanly on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from portal.extensions import db
from portal.schema import upgrade_schema_and_reference_data


def _stop(*_args) -> None:
    raise KeyboardInterrupt


def _start_worker() -> subprocess.Popen:
    """The worker runs in a session of its own, so that Ctrl-C reaches only this process, which
    then stops the worker in order; on a stuck shutdown its whole group is killed."""
    env = {**os.environ, "PORTAL_DATA_DIR": current_app.config["PORTAL_DATA_DIR"],
           "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "celery", "-A", "workers", "worker", "--beat",
               "--concurrency", "1", "--loglevel", "INFO",
               "--schedule", current_app.config["CELERY"]["beat_schedule_filename"]]
    return subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603  (our own module)


def _stop_worker(worker: subprocess.Popen, timeout: float = 20) -> None:
    """Warm shutdown (running tasks finish), then the whole process group is killed."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def _print_banner(host: str, port: int, with_demo: bool) -> None:
    from portal.demo.loader import DEMO_PASSWORD, demo_logins

    click.echo(f"\nThe portal: http://{host}:{port}/   (data in {current_app.config['PORTAL_DATA_DIR']})")
    if with_demo:
        click.echo(f"Demo logins (password {DEMO_PASSWORD!r}; two-factor code: "
                   "`portal users totp EMAIL`):")
        for role, email in demo_logins():
            click.echo(f"  {role:<28} {email}")
    click.echo("Press Ctrl-C to stop.\n")


@click.command("dev")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-demo", is_flag=True, help="Do not load the demo data.")
@with_appcontext
def dev(host: str, port: int, no_demo: bool) -> None:
    """Start the portal, its worker and its scheduler on embedded defaults, with demo data."""
    from portal.demo.loader import load_demo

    upgrade_schema_and_reference_data()
    if not no_demo:
        load_demo()
    app = current_app._get_current_object()
    signal.signal(signal.SIGTERM, _stop)
    worker = None
    try:
        worker = _start_worker()
        _print_banner(host, port, with_demo=not no_demo)
        # End this command's own transaction: on SQLite it holds the write lock until it ends.
        db.session.remove()
        run_simple(host, port, app, threaded=True, use_reloader=False)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if worker is not None:
            click.echo("Stopping the worker…")
            _stop_worker(worker)
