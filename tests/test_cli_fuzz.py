"""Every bad value a user can type on the command line exits 2 with one line, never a traceback.

The strategies are built from the declarations: each lesson's flags get random text, numbers in
and out of their ranges, unicode, empty strings, and the choices' own words.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.cli.common import config_from, lesson_parser
from core.config import Config
from core.registry import LESSONS


def values_for(param) -> st.SearchStrategy[str]:
    numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**12, 10**12))
    texts = st.one_of(st.text(max_size=12), st.sampled_from(["", " ", "--", "5 5", "1,,2", "nan",
                                                           "inf", "-0", "1e309", "٣", "1_0"]))
    around = []
    for bound in (param.minimum, param.maximum):
        if bound is not None:
            around.append(st.sampled_from([bound, bound * 1.5 + 1, bound - 1, -bound]))
    options = [numbers.map(str), texts, *[a.map(str) for a in around]]
    if param.choices:
        options.append(st.sampled_from([c for c in param.choices] + [c.upper() for c in param.choices]))
    if param.kind == "floats":
        options.append(st.lists(numbers, max_size=6).map(lambda v: ",".join(map(str, v))))
    return st.one_of(*options)


@st.composite
def flags(draw, lesson):
    params = [p for p in lesson.all_params() if p.cli]
    chosen = draw(st.lists(st.sampled_from(params), min_size=1, max_size=3, unique_by=lambda p: p.name))
    argv = []
    for param in chosen:
        argv += [param.flag, draw(values_for(param))]
    if lesson.presets and draw(st.booleans()):
        argv += ["--preset", draw(st.sampled_from([p.name for p in lesson.presets] + ["nope", ""]))]
    return argv


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.key for lesson in LESSONS])
def test_random_flags_give_a_config_or_one_line_and_exit_2(lesson, capsys):
    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(argv=flags(lesson))
    def check(argv):
        try:
            args = vars(lesson_parser(lesson).parse_args(argv))
            config = config_from(lesson, args)
        except SystemExit as stop:
            err = capsys.readouterr().err
            assert stop.code == 2, (argv, err)
            assert err.startswith("error: ") and err.count("\n") == 1, (argv, err)
            assert "Traceback" not in err
            return
        assert isinstance(config, Config)
        for value in config.values.values():  # whatever was accepted is usable as it is
            if isinstance(value, float):
                assert math.isfinite(value), argv

    check()
