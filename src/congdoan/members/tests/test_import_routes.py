"""The import wizard's pages and API routes: scope four ways, and the whole journey."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congdoan.members import services
from congdoan.members.models import ImportJob, ImportStatus, Member
from congdoan.members.tests.test_import import HEADER, ROWS, sheet


@pytest.fixture
def job(tree, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = services.start_import(
            actor=bob, unit=tree.le_loi, filename="ds.xlsx", data=sheet(HEADER, ROWS)
        )
    created.refresh_from_db()
    return created


@pytest.mark.parametrize("page", ["import_detail", "import_errors"])
def test_import_pages_scope(page, job, bob, charlie, nobody, client):
    url = reverse(f"members:{page}", args=[job.pk])
    assert client.get(url).status_code == 302
    for outsider in (nobody, charlie):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 200


def test_commit_and_mapping_posts_are_scoped(job, charlie, client_for):
    client = client_for(charlie)
    assert client.post(reverse("members:import_commit", args=[job.pk])).status_code == 404
    assert client.post(reverse("members:import_mapping", args=[job.pk])).status_code == 404
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.CHECKED


def test_wizard_journey(tree, bob, client_for, django_capture_on_commit_callbacks):
    client = client_for(bob)
    assert client.get(reverse("members:import_start")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:import_start"),
            {"unit": "CDCS-LELOI", "file": SimpleUploadedFile("ds.xlsx", sheet(HEADER, ROWS))},
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "import-commit" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:import_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Member.objects.filter(unit=tree.le_loi).count() == 3


def test_api_import(tree, bob, charlie, api_client, django_capture_on_commit_callbacks):
    client = api_client(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/imports",
            {"unit": tree.le_loi.pk, "file": SimpleUploadedFile("ds.xlsx", sheet(HEADER, ROWS))},
        )
    assert response.status_code == 201, response.content
    job_id = response.json()["id"]
    status = client.get(f"/api/v1/imports/{job_id}").json()
    assert status["status"] == "checked" and status["counts"]["add"] == 3
    assert api_client(charlie).get(f"/api/v1/imports/{job_id}").status_code == 404
    assert api_client().get(f"/api/v1/imports/{job_id}").status_code == 401
    assert api_client(charlie).post(f"/api/v1/imports/{job_id}/commit").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        committed = client.post(f"/api/v1/imports/{job_id}/commit")
    assert committed.status_code == 202
    assert client.get(f"/api/v1/imports/{job_id}").json()["status"] == "done"


def test_api_import_into_sibling_union_is_404(tree, charlie, api_client):
    response = api_client(charlie).post(
        "/api/v1/imports",
        {"unit": tree.le_loi.pk, "file": SimpleUploadedFile("ds.xlsx", sheet(HEADER, ROWS))},
    )
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_template_download(tree, bob, client):
    url = reverse("members:import_template")
    assert client.get(url).status_code == 302
    client.force_login(bob)
    assert client.get(url).status_code == 200
