"""Background tasks of the notifications app: ids in, idempotent, calling services."""

from django_tasks import task

from . import services


@task()
def send_notification(notification_id: int) -> str:
    return services.notification_deliver(notification_id=notification_id)


@task()
def requeue_stale_notifications() -> int:
    return services.notifications_requeue_stale()
