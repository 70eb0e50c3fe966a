"""A directory load sent from the web runs here; the task takes the load's id and can safely run twice."""

from celery import shared_task

from .services import directory_load_run


@shared_task(name="directory.tasks.directory_load_task", acks_late=True, soft_time_limit=3600, time_limit=3700)
def directory_load_task(load_id):
    directory_load_run(load_id=load_id)
