"""bin/backup and bin/restore (docs/operations.md), run as an operator would: the
demo data and a private file are backed up, restored into a new database and a new
media folder, and the restored site serves the file."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from emulation.models import Cluster, Unit, User
from reports.models import ReportJob

ROOT = Path(__file__).resolve().parents[1]
PDF = b"%PDF-1.4\n% signed copy of the 2022 cluster report\n%%EOF\n"

pytestmark = pytest.mark.django_db(transaction=True)

CHECK_RESTORED_SITE = """
import hashlib, json, sys
import django
django.setup()
from django.test import Client
from emulation.models import Cluster, Unit, User
from reports.models import ReportJob

job = ReportJob.objects.get(pk=int(sys.argv[1]))
client = Client()
client.force_login(job.requested_by)
response = client.get(f"/reports/jobs/{job.pk}/download/")
body = b"".join(response.streaming_content) if response.status_code == 200 else b""
print(json.dumps({
    "counts": [User.objects.count(), Unit.objects.count(), Cluster.objects.count(), ReportJob.objects.count()],
    "status": response.status_code,
    "disposition": response.get("Content-Disposition", ""),
    "sha256": hashlib.sha256(body).hexdigest(),
}))
"""


def _pg_url(conf, name):
    auth = quote(conf["USER"] or "") + (f":{quote(conf['PASSWORD'])}" if conf["PASSWORD"] else "")
    return f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{name}"


@pytest.fixture
def databases(tmp_path):
    """(URL of this test's database as bin/backup reads it, URL of a new database to
    restore into). PostgreSQL: the test database, and `<configured name>_restore_<id>`
    dropped at the end. SQLite: the in-memory test database is first copied to a
    file, the "production" database to back up."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        source = tmp_path / "production.sqlite3"

        def snapshot():
            target = sqlite3.connect(source)
            connection.connection.backup(target)
            target.close()
            return f"sqlite:///{source}"

        yield snapshot, f"sqlite:///{tmp_path / 'restored' / 'db.sqlite3'}"
        return
    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump / pg_restore / psql are needed (apt-get install postgresql-client)")
    conf = connection.settings_dict
    restored = f"{conf['NAME'].removeprefix('test_')}_restore_{uuid.uuid4().hex[:8]}"
    try:
        yield (lambda: _pg_url(conf, conf["NAME"])), _pg_url(conf, restored)
    finally:
        subprocess.run(
            ["psql", _pg_url(conf, "postgres").replace("postgres://", "postgresql://", 1), "-Xqc"]
            + [f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)'],
            check=True,
            capture_output=True,
            timeout=60,
        )


def run(command, **environment):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(environment)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_backup_restores_into_a_new_database_and_media_folder(demo, databases, settings, tmp_path):
    snapshot, restored_url = databases
    bo = User.objects.get(username="bo")
    job = ReportJob.objects.create(
        kind=ReportJob.Kind.SECTOR_YEAR, year=2022, key="backup-test", requested_by=bo, state=ReportJob.State.DONE
    )
    job.pdf.save("ban-ky.pdf", ContentFile(PDF))
    assert (Path(settings.MEDIA_ROOT) / job.pdf.name).read_bytes() == PDF
    counts = [User.objects.count(), Unit.objects.count(), Cluster.objects.count(), ReportJob.objects.count()]

    output = run(
        [str(ROOT / "bin" / "backup"), str(tmp_path / "backups")],
        DATABASE_URL=snapshot(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    folder = Path(output.strip().splitlines()[-1])
    assert folder.parent == tmp_path / "backups" and (folder / "SHA256SUMS").exists()
    assert {path.name for path in folder.iterdir()} >= {"media.tar.gz", "MANIFEST", "SHA256SUMS"}

    restored = {"DATABASE_URL": restored_url, "MEDIA_ROOT": str(tmp_path / "restored" / "media")}
    output = run([str(ROOT / "bin" / "restore"), str(folder)], **restored)
    assert "files named in the database but missing: 0" in output and "restore: done" in output

    site = {
        **restored,
        "SECRET_KEY": "restored-site-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "emulation.settings",
    }
    report = json.loads(run([sys.executable, "-c", CHECK_RESTORED_SITE, str(job.pk)], **site).strip().splitlines()[-1])
    assert report["counts"] == counts
    assert report["status"] == 200 and "attachment" in report["disposition"]
    assert report["sha256"] == hashlib.sha256(PDF).hexdigest()

    # Restoring over what is there is refused: nothing existing is overwritten.
    again = subprocess.run(
        [str(ROOT / "bin" / "restore"), str(folder)],
        cwd=ROOT,
        env={**os.environ, **restored},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode != 0 and "not empty" in again.stderr
