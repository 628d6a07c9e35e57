"""``congdoan make-samples DIR``: write the sample member lists (docs/samples)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from congdoan.members.samples import write_samples


class Command(BaseCommand):
    help = "Write sample member lists in the shapes officers send (legacy fonts, Nam/Nữ …)."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default="docs/samples")

    def handle(self, *args, directory: str, **options):
        for path in write_samples(Path(directory)):
            self.stdout.write(str(path))
