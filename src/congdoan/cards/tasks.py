"""Background work of the cards app: printing a batch of cards to one PDF."""

from django_tasks import task

from .models import PrintJob, PrintStatus


@task()
def print_cards(job_id: int) -> None:
    from . import services

    try:
        services.run_print_job(PrintJob.objects.get(pk=job_id))
    except Exception as exc:
        PrintJob.objects.filter(pk=job_id).update(status=PrintStatus.FAILED, error=str(exc))
        raise
