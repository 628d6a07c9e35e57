"""``python -m bench.print_memory N``: the peak memory of a process printing N cards to
a PDF file, printed as JSON (run in a fresh process per N so each peak is its own)."""

import json
import os
import resource
import sys
import tempfile


def main() -> None:
    count = int(sys.argv[1])
    import django

    import bench.__main__  # noqa: F401  (points Django at the bench database)

    django.setup()
    from bench.cards import _cards
    from congdoan.cards.printing import sheets_pdf

    with tempfile.TemporaryFile() as out:
        sheets_pdf(_cards(10), out)  # fonts and libraries load before the baseline
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryFile() as out:
        sheets_pdf(_cards(count), out, base_url="http://127.0.0.1:8000/")
        size = out.tell() / 2**20
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"cards": count, "before": before, "after": after, "size": size}))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
    main()
