"""Images per second and peak memory: our upload pipeline vs Pillow alone.

Two images, made here: a 12-megapixel photo-like JPEG (4000 x 3000) and a
2-megapixel screenshot-like PNG (1600 x 1250). Each phase runs in its own
child process, so each reports its own peak memory (ru_maxrss):

- pipeline: POST /api/v1/images through Django's test client (middleware,
  DRF, multipart parsing), then our checks, hashing, decode, orientation,
  re-encode in three sizes, local storage writes and the database rows;
- pillow: the same image work by Pillow alone (open, exif_transpose, resize
  to the same three sizes, save), nothing else.

Every upload gets a few unique bytes appended after the end of the image so
that deduplication never skips the work (the pipeline strips them anyway).
BENCH_UPLOAD_ROUNDS sets how many times each image goes through (default 6).
The throw-away SQLite database and media folder live in a temporary folder.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_UPLOAD_ROUNDS", "6"))
IMAGES = {
    "jpeg_12mp": ("photo.jpg", "image/jpeg", (4000, 3000)),
    "png_2mp": ("screenshot.png", "image/png", (1600, 1250)),
}
# The same sizes the pipeline makes for an image with the default settings.
EDGES = (4096, 1280, 320)


def make_images(folder: Path) -> None:
    from PIL import Image, ImageChops, ImageDraw

    width, height = IMAGES["jpeg_12mp"][2]
    # Smooth light with sensor-like noise: a camera-sized JPEG (about 3 MB).
    light = Image.radial_gradient("L").resize((width, height))
    sky = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 6)
    photo = Image.merge(
        "RGB",
        [
            ImageChops.add(channel, noise, 1, -128)
            for channel in (light, sky, ImageChops.invert(light))
        ],
    )
    photo.save(folder / "photo.jpg", "JPEG", quality=90)

    width, height = IMAGES["png_2mp"][2]
    screen = Image.new("RGB", (width, height), (246, 247, 249))
    draw = ImageDraw.Draw(screen)
    for row in range(0, height, 40):
        draw.rectangle((40, row + 8, width - 40, row + 30), fill=(255, 255, 255))
        for column in range(60, width - 200, 90):
            shade = (row * 7 + column * 3) % 160
            draw.text((column, row + 12), "Kaigon 討論", fill=(shade, shade, 90))
    draw.rectangle((0, 0, width, 64), fill=(1, 114, 173))
    screen.save(folder / "screenshot.png", "PNG")


def _unique(data: bytes, number: int) -> bytes:
    return data + b"bench" + number.to_bytes(8, "big")


def _memory_mb(field: str) -> float:
    """VmHWM (peak) or VmRSS (now) of this process, in MiB.

    Not ru_maxrss: on Linux a child inherits its parent's peak through exec.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: the best there is
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} missing from /proc/self/status")


def _pillow_work(data: bytes, fmt: str) -> None:
    from PIL import Image, ImageOps

    image = Image.open(BytesIO(data))
    image = ImageOps.exif_transpose(image)
    source = image
    for edge in EDGES:
        scale = min(1.0, edge / max(source.size))
        size = (
            max(1, round(source.width * scale)),
            max(1, round(source.height * scale)),
        )
        if size != source.size:
            source = source.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        buffer = BytesIO()
        if fmt == "JPEG":
            source.save(buffer, "JPEG", quality=85)
        else:
            source.save(buffer, fmt)


def _pipeline_client():
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User

    user, _created = User.objects.get_or_create(
        username="bench-uploader", defaults={"email": "bench-uploader@example.com"}
    )
    client = Client()
    client.force_login(user)
    return client


class _Work:
    """One upload of one of the two images, either way."""

    def __init__(self, folder: Path, *, pipeline: bool) -> None:
        self.sources = {
            key: (folder / name).read_bytes()
            for key, (name, _type, _size) in IMAGES.items()
        }
        self.client = _pipeline_client() if pipeline else None
        self.count = 0

    def pillow(self, key: str) -> None:
        self.count += 1
        data = _unique(self.sources[key], self.count)
        _pillow_work(data, "JPEG" if key == "jpeg_12mp" else "PNG")

    def pipeline(self, key: str) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.count += 1
        name, content_type, _size = IMAGES[key]
        data = _unique(self.sources[key], self.count)
        upload = SimpleUploadedFile(name, data, content_type=content_type)
        response = self.client.post("/api/v1/images", {"file": upload})
        if response.status_code != 201:
            raise RuntimeError(f"upload failed: {response.content!r}")


def run_timing(folder: Path) -> dict:
    """Both ways in one process, interleaved, so load from other processes on
    the machine hits both alike; medians per image."""
    work = _Work(folder, pipeline=True)
    for key in IMAGES:  # warm-up: imports, first allocations
        work.pillow(key)
        work.pipeline(key)
    times: dict[str, dict[str, list[float]]] = {
        way: {key: [] for key in IMAGES} for way in ("pillow", "pipeline")
    }
    for _round in range(ROUNDS):
        for key in IMAGES:
            for way in ("pillow", "pipeline"):
                started = time.perf_counter()
                getattr(work, way)(key)
                times[way][key].append(time.perf_counter() - started)
    return {
        way: {key: statistics.median(values) for key, values in per_key.items()}
        for way, per_key in times.items()
    }


def run_memory(folder: Path, way: str) -> dict:
    """One way alone in this process: its peak memory."""
    work = _Work(folder, pipeline=way == "pipeline")
    rss_start = _memory_mb("VmRSS")
    tracemalloc.start()
    for _round in range(2):
        for key in IMAGES:
            getattr(work, way)(key)
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rss_start_mb": rss_start,
        "peak_rss_mb": _memory_mb("VmHWM"),
        "traced_peak_mb": traced_peak / 1024 / 1024,
    }


def _child_env(folder: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "MONGO_URL", "AWS_STORAGE_BUCKET_NAME", "EMAIL_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "kaigon.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "KAIGON_VAR_DIR": str(folder),
            "KAIGON_UPLOAD_MAX_PER_HOUR": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _run_child(phase: str, folder: Path, env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_uploads", "--phase", phase, str(folder)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{phase} phase failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kaigon-bench-uploads-") as name:
        folder = Path(name)
        make_images(folder)
        env = _child_env(folder)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        timing = _run_child("timing", folder, env)
        memory = {way: _run_child(way, folder, env) for way in ("pillow", "pipeline")}
        sizes = {key: (folder / IMAGES[key][0]).stat().st_size for key in IMAGES}

    print(
        f"12 MP JPEG ({sizes['jpeg_12mp'] / 1e6:.1f} MB) and 2 MP PNG "
        f"({sizes['png_2mp'] / 1e6:.1f} MB), {ROUNDS} rounds, median times; "
        "peak memory of a process doing only that work"
    )
    print(
        f"{'':<17}{'images/s':>9}{'JPEG ms':>9}{'PNG ms':>8}"
        f"{'peak RSS MB':>13}{'start MB':>10}{'Python peak MB':>16}"
    )
    labels = {"pillow": "Pillow alone", "pipeline": "Kaigon pipeline"}
    for way, label in labels.items():
        medians = timing[way]
        per_pair = sum(medians.values())
        print(
            f"{label:<17}{len(medians) / per_pair:>9.2f}"
            f"{medians['jpeg_12mp'] * 1000:>9.0f}{medians['png_2mp'] * 1000:>8.0f}"
            f"{memory[way]['peak_rss_mb']:>13.0f}{memory[way]['rss_start_mb']:>10.0f}"
            f"{memory[way]['traced_peak_mb']:>16.1f}"
        )
    ratio = sum(timing["pipeline"].values()) / sum(timing["pillow"].values())
    print(f"overhead: the pipeline takes {ratio:.2f}x the time of Pillow alone")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--phase", choices=["timing", "pillow", "pipeline"])
    parser.add_argument("folder", nargs="?")
    arguments = parser.parse_args()
    if arguments.phase == "timing":
        print(json.dumps(run_timing(Path(arguments.folder))))
    elif arguments.phase:
        print(json.dumps(run_memory(Path(arguments.folder), arguments.phase)))
    else:
        main()
