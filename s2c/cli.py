"""The ``s2c`` operator command: serve, migrate, seed, worker, createadmin, health,
processes, new-service, search-rebuild, ``manage`` for any other Django management
command, and the commands the installed services register
(``core.registry.register_command``, e.g. ``s2c render-pages``, ``s2c deadlines``)."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from collections.abc import Sequence

# Django and S2C's own modules are imported inside the commands: the settings are chosen
# before Django is set up, and `s2c --help` works where they cannot load.

PASS_THROUGH = {"manage", "search-rebuild", "new-service"}

# Core's process types; services add theirs with core.registry.register_process.
CORE_PROCESSES = [
    ("web", "s2c serve --host 127.0.0.1 --port 8000"),
    ("worker", "s2c worker"),
]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "s2c.settings")
    import django

    django.setup()


def _manage(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "s2c.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["s2c manage", *argv])
    return 0


def _service_commands() -> dict:
    """The installed services' commands (none when the settings cannot load, so that
    ``s2c --help`` still answers on a machine without configuration)."""
    try:
        _setup()
    except Exception:  # e.g. production settings without SECRET_KEY: help still works
        return {}
    from s2c.core import registry

    return {command.name: command for command in registry.commands()}


def _static_fingerprint() -> str:
    """A hash of every static source file's path, size and modification time."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def collectstatic_if_needed() -> bool:
    """Run collectstatic when the static sources changed since the last run."""
    from django.conf import settings
    from django.core.management import call_command

    root = settings.STATIC_ROOT
    stamp = root / ".s2c-collectstatic"
    fingerprint = _static_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    if collectstatic_if_needed():
        print("Static files collected.", flush=True)
    # gunicorn's asyncio worker reads every connection on its event loop and hands a
    # request to Django (s2c.asgi, on ``--threads`` threads) only once it has arrived
    # whole: slow clients hold a connection, never a worker (docs/operations.md).
    os.environ["S2C_WEB_THREADS"] = str(args.threads)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "s2c.asgi:application",
        "--worker-class",
        "asgi",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-connections",
        str(args.worker_connections),
        "--timeout",
        str(args.timeout),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        # No control socket: several instances (and the tests) would share its one path.
        "--no-control-socket",
    ]
    print(f"S2C serving on http://{args.host}:{args.port}/", flush=True)
    os.execv(sys.executable, argv)
    return 0  # not reached


def _call(name: str, *args: str, **options) -> int:
    _setup()
    from django.core.management import call_command

    call_command(name, *args, **options)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    return _call("migrate", interactive=False)


def cmd_seed(args: argparse.Namespace) -> int:
    return _call("s2c_seed", demo_users=args.demo_users)


def cmd_worker(args: argparse.Namespace) -> int:
    options = {"queue": args.queue, "no_scheduler": args.no_scheduler}
    for name in ("tick", "max_tasks"):
        if getattr(args, name) is not None:
            options[name] = getattr(args, name)
    return _call("s2c_worker", batch=args.batch, **options)


def cmd_createadmin(args: argparse.Namespace) -> int:
    return _call(
        "s2c_createadmin",
        username=args.username,
        email=args.email,
        full_name=args.full_name,
        password_from_env=args.password_from_env,
        interactive=not args.no_input,
    )


def cmd_health(args: argparse.Namespace) -> int:
    return _call("s2c_health", require_worker=args.require_worker)


def cmd_processes(args: argparse.Namespace) -> int:
    _setup()
    from s2c.core import registry

    lines = [f"{name}: {command}" for name, command in CORE_PROCESSES]
    lines += [f"{p.name}: {' '.join(p.argv)}" for p in registry.processes()]
    print("\n".join(lines))
    return 0


def build_parser(service_commands: dict | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="s2c",
        description="Run and administer S2C (Sumsel Smart & Care). Settings come from "
        "environment variables: see docs/configuration.md.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("serve", help="Serve the web application with gunicorn (asyncio workers).")
    p.add_argument("--host", default="127.0.0.1", help="Address to listen on (127.0.0.1).")
    p.add_argument("--port", type=int, default=8000, help="Port to listen on (8000).")
    p.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", "3")),
        help="Web worker processes (WEB_CONCURRENCY, or 3).",
    )
    p.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("S2C_WEB_THREADS", "2")),
        help="Threads running requests in each worker (S2C_WEB_THREADS, or 2).",
    )
    p.add_argument(
        "--worker-connections",
        type=int,
        default=1000,
        help="Open connections each worker accepts, slow ones included (1000).",
    )
    p.add_argument(
        "--timeout",
        type=int,
        default=60,
        help="Seconds a client may take to send a request body (60).",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="Create or update the database tables.")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("seed", help="Load regions, agencies, demo accounts and demo data.")
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--demo-users",
        dest="demo_users",
        action="store_true",
        default=None,
        help="Create the demo staff accounts (needed in production).",
    )
    group.add_argument(
        "--no-demo-users",
        dest="demo_users",
        action="store_false",
        help="Do not create the demo staff accounts.",
    )
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser("worker", help="Run background tasks and periodic jobs.")
    p.add_argument("--queue", default="default", help="Queues, comma-separated ('*': all).")
    p.add_argument(
        "--tick",
        type=float,
        default=None,
        help="Seconds between heartbeats and periodic-job checks (S2C_WORKER_TICK_SECONDS, 5).",
    )
    p.add_argument("--no-scheduler", action="store_true", help="Do not run periodic jobs.")
    p.add_argument("--max-tasks", type=int, default=None, help="Exit after this many tasks.")
    p.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("createadmin", help="Create or promote a province administrator.")
    p.add_argument("--username", help="Sign-in name.")
    p.add_argument("--email", default="", help="Email address.")
    p.add_argument("--full-name", default="", help="Full name.")
    p.add_argument(
        "--password-from-env",
        metavar="VARIABLE",
        help="Read the password from this environment variable.",
    )
    p.add_argument("--no-input", action="store_true", help="Never prompt.")
    p.set_defaults(func=cmd_createadmin)

    p = sub.add_parser("health", help="Check database, storage and worker; exit 1 if unhealthy.")
    p.add_argument("--require-worker", action="store_true", help="Also fail without a live worker.")
    p.set_defaults(func=cmd_health)

    p = sub.add_parser("processes", help="Print the process types to run, as a Procfile.")
    p.set_defaults(func=cmd_processes)

    sub.add_parser(
        "new-service",
        help="Lay out a new service app from core's template: 's2c new-service NAME'.",
        add_help=False,
    )
    for name, command in sorted((service_commands or {}).items()):
        sub.add_parser(name, help=f"{command.help} ({command.service})", add_help=False)
    sub.add_parser(
        "search-rebuild",
        help="Rebuild the search index (arguments go to manage.py search_rebuild).",
        add_help=False,
    )
    sub.add_parser(
        "manage",
        help="Run any Django management command, e.g. 's2c manage check --deploy'.",
        add_help=False,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PASS_THROUGH:
        if argv[0] == "search-rebuild":
            return _manage(["search_rebuild", *argv[1:]])
        if argv[0] == "new-service":
            return _manage(["s2c_new_service", *argv[1:]])
        return _manage(argv[1:] or ["help"])
    known = {"serve", "migrate", "seed", "worker", "createadmin", "health", "processes"}
    service_commands = {} if argv and argv[0] in known else _service_commands()
    if argv and argv[0] in service_commands:
        command = service_commands[argv[0]]
        return _manage([command.manage, *command.args, *argv[1:]])
    args = build_parser(service_commands).parse_args(argv)
    from django.core.management.base import CommandError

    try:
        return args.func(args)
    except CommandError as exc:
        print(f"s2c {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
