"""
How long reading an uploaded recording's facts takes (lectures.probe, run in the
upload's request so an unplayable file is a form error), against only reading the
file once, which the upload itself does several times (into the temporary file,
into the store). A lecture-length MP4 is made with ffmpeg unless a path is given.

    .venv/bin/python bench/probe_bench.py [--minutes 90] [path.mp4]
"""

import argparse
import statistics
import subprocess
import time
from pathlib import Path

from harness import setup_django


def lecture_recording(minutes, path):
    if not path.exists():
        # 720p H.264 at 1.5 Mbit/s with AAC, the index (moov) at the end as cameras leave it.
        subprocess.run(
            ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25"]
            + ["-f", "lavfi", "-i", "sine=frequency=440", "-t", str(minutes * 60), "-c:v", "libx264"]
            + ["-preset", "ultrafast", "-b:v", "1500k", "-c:a", "aac", "-b:a", "64k", str(path)],
            check=True,
        )
    return path


class Upload:
    """What Django hands the form: a file already on disk (TemporaryUploadedFile)."""

    def __init__(self, path):
        self.path = path

    def temporary_file_path(self):
        return str(self.path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("path", nargs="?", type=Path)
    parser.add_argument("--minutes", type=int, default=90)
    options = parser.parse_args()
    setup_django("sqlite:////tmp/kepu-bench-probe.sqlite3")
    from lectures.probe import probe

    path = options.path or lecture_recording(
        options.minutes, Path(f"/tmp/kepu-bench-{options.minutes}min.mp4")
    )
    probes, reads = [], []
    for _ in range(5):
        start = time.perf_counter()
        facts = probe(Upload(path), "video", path.suffix[1:])
        probes.append(time.perf_counter() - start)
        start = time.perf_counter()
        with open(path, "rb") as file:
            while file.read(8 << 20):
                pass
        reads.append(time.perf_counter() - start)
    size = path.stat().st_size / 1e6
    print(f"{path.name}: {size:,.0f} MB, {facts.duration / 60:.0f} min, {facts.width}x{facts.height}")
    print(f"probe (median of 5):          {statistics.median(probes) * 1000:7.1f} ms")
    print(f"reading the file once (cached): {statistics.median(reads) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
