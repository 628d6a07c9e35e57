"""``python -m bench.print_memory N``: how much the resident memory of a process grows
while it prints N cards to a PDF file, printed as JSON. A thread samples the resident
size every 5 ms during the printing; the growth is its highest sample minus the size
just before (a high-water mark of the whole process would hide it under earlier peaks)."""

import json
import os
import sys
import tempfile
import threading
import time


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    count = int(sys.argv[1])
    import django

    import bench.__main__  # noqa: F401  (points Django at the bench database)

    django.setup()
    from bench.cards import _cards
    from congdoan.cards.printing import sheets_pdf

    with tempfile.TemporaryFile() as out:
        sheets_pdf(_cards(10), out)  # fonts and libraries load before the baseline
    before = resident_mb()
    highest = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            highest[0] = max(highest[0], resident_mb())
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with tempfile.TemporaryFile() as out:
        sheets_pdf(_cards(count), out, base_url="http://127.0.0.1:8000/")
        size = out.tell() / 2**20
    done.set()
    sampler.join()
    print(json.dumps({"cards": count, "before": before, "after": highest[0], "size": size}))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congdoan.settings")
    main()
