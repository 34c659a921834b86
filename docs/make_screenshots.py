"""Make the README's pictures: every lesson at 1280x720, after some steps, rendered offscreen.

    python docs/make_screenshots.py

Each PNG is reduced to a 192-colour palette with ImageMagick's ``convert`` when it is installed,
which keeps it well under 200 kB.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# lesson, variant (None: the first), steps taken before the picture
SHOTS = [("tensors", None, 0), ("sin-fit", "optim", 2000), ("space-transforms", "linear", 180),
         ("two-layer-net", "manual", 300), ("cross-product", "principles", 1500),
         ("classify", "two-layer", 400)]


def main() -> int:
    folder = HERE / "screenshots"
    folder.mkdir(exist_ok=True)
    for lesson, variant, steps in SHOTS:
        out = folder / f"{lesson}.png"
        command = [sys.executable, "-m", "gui", "--lesson", lesson, "--steps-first", str(steps),
                   "--size", "1280x720", "--screenshot", str(out)]
        if variant:
            command += ["--variant", variant]
        subprocess.run(command, check=True, cwd=HERE.parent)
        if shutil.which("convert"):
            subprocess.run(["convert", str(out), "-colors", "192", f"PNG8:{out}"], check=True)
        print(f"{out.relative_to(HERE.parent)}: {out.stat().st_size // 1024} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
