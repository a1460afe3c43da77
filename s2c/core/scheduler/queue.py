"""Enqueueing a task with the change it works on."""

from __future__ import annotations

import functools

from django.db import transaction
from django_tasks_db import DatabaseBackend


def queue_is_in_the_database(task) -> bool:
    """True when ``task``'s queue is a table of this database (the default): a task
    enqueued inside the caller's transaction is committed or rolled back with the change
    it reports, so neither a crash after the commit nor a rollback can part the two."""
    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue_with_transaction(task, *args, **kwargs) -> None:
    """Enqueue ``task`` for a change made in the current transaction: in that transaction
    when the queue is in the database, else once it commits."""
    if queue_is_in_the_database(task):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(functools.partial(task.enqueue, *args, **kwargs), robust=True)
