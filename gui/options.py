"""The window's command line: ``python -m gui [--lesson KEY] [--variant V] [--preset P] [--present]
[--zoom PCT] [--size WxH] [--theme T] [--steps-first N] [--screenshot PNG]``.

Bad values exit 2 with one line on stderr (argparse's own behaviour), never a traceback. A FILE
to open (a setup or a plan) is ``Options.file``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

THEMES = ("light", "dark", "high-contrast")


@dataclass(frozen=True)
class Options:
    file: str | None = None
    lesson: str | None = None
    variant: str | None = None
    preset: str | None = None
    present: bool = False
    zoom: float | None = None  # a factor (1.5 for 150 %)
    size: tuple[int, int] | None = None
    theme: str | None = None
    steps_first: int = 0
    screenshot: str | None = None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="torch-classroom", description="Learn PyTorch by watching real "
                                "training loops run.")
    p.add_argument("file", nargs="?", metavar="FILE", help="a setup or lesson plan to open")
    p.add_argument("--lesson", metavar="KEY", help="open this lesson's tab")
    p.add_argument("--variant", metavar="V", help="choose this variant in it")
    p.add_argument("--preset", metavar="P", help="choose this preset in it")
    p.add_argument("--present", action="store_true", help="start in presenter mode")
    p.add_argument("--zoom", metavar="PCT", type=_zoom, help="text size in percent (50 to 300)")
    p.add_argument("--size", metavar="WxH", type=_size, help="window size, e.g. 1280x720")
    p.add_argument("--theme", choices=THEMES, help="colour theme")
    p.add_argument("--steps-first", metavar="N", type=_count, default=0,
                   help="take N steps before showing (with --screenshot)")
    p.add_argument("--screenshot", metavar="PNG", help="render offscreen, save this picture, exit")
    return p


def parse(argv: list[str]) -> Options:
    """``argv`` without the program name; exits 2 with one line for a bad value."""
    from core.errors import ConfigError
    from core.registry import get_lesson

    p = parser()
    args = p.parse_args(argv)
    if args.lesson is not None:
        try:
            lesson = get_lesson(args.lesson)
        except ConfigError as error:
            p.error(str(error))
        if args.variant is not None and args.variant not in lesson.variant_names:
            p.error(f"{lesson.key} has no variant {args.variant!r}; variants: "
                    f"{', '.join(lesson.variant_names)}")
        presets = tuple(preset.name for preset in lesson.presets)
        if args.preset is not None and args.preset not in presets:
            p.error(f"{lesson.key} has no preset {args.preset!r}; presets: "
                    f"{', '.join(presets) or '(none)'}")
    elif args.variant or args.preset:
        p.error("--variant and --preset need --lesson")
    return Options(file=args.file, lesson=args.lesson, variant=args.variant,
                   preset=args.preset, present=args.present, zoom=args.zoom, size=args.size,
                   theme=args.theme, steps_first=args.steps_first, screenshot=args.screenshot)


def _zoom(text: str) -> float:
    try:
        percent = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r}") from None
    if not 50 <= percent <= 300:
        raise argparse.ArgumentTypeError(f"zoom must be 50 to 300 (percent), not {text}")
    return percent / 100


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x720, not {text!r}") from None
    if width < 320 or height < 240:
        raise argparse.ArgumentTypeError(f"size {text} is too small (at least 320x240)")
    return width, height


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"steps must be 0 or more, not {value}")
    return value
