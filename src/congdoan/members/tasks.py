"""Background work of the members app: checking and saving imported member lists.

The tasks run through Django's tasks API: in the embedded set-up a database-backed
queue served by ``congdoan db_worker`` (started by ``make run``); at scale any backend
``TASKS`` names (a Redis queue with workers on other machines); in tests, immediately.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django_tasks import task

from congdoan.core.errors import service_error_text

from .models import ImportJob, ImportStatus


@task()
def check_import(job_id: int) -> None:
    # the file is read by the check itself (``ImportJob.blob``)
    jobs = ImportJob.objects.select_related("unit", "created_by").defer("data", "plan")
    job = jobs.get(pk=job_id)
    from . import services

    try:
        services.run_check(job)
    except Exception as exc:
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, error=str(exc))
        raise


@task()
def commit_import_task(job_id: int, actor_id: int | None) -> None:
    from django.contrib.auth import get_user_model

    from . import services

    job = ImportJob.objects.select_related("unit").defer("data", "plan").get(pk=job_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        services.commit_import(actor=actor, job=job)
    except (ValidationError, PermissionDenied) as exc:
        message = service_error_text(exc)
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, error=message)
    except Exception as exc:
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, error=str(exc))
        raise
