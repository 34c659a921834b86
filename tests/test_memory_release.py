"""The process server drops only library code that nothing ever wrote to, and keeps working."""

import subprocess
import sys

from core.memory_release import code_mappings

SMAPS = """\
7f0000000000-7f0000400000 r-xp 00000000 08:01 1234    /usr/lib/libtorch_cpu.so
Size:               4096 kB
Anonymous:             0 kB
7f0000400000-7f0000500000 r--p 00400000 08:01 1234    /usr/lib/libtorch_cpu.so
Size:               1024 kB
Anonymous:             0 kB
7f0000500000-7f0000501000 r-xp 00000000 08:01 99      /usr/lib/patched.so
Size:                  4 kB
Anonymous:             4 kB
7f0000600000-7f0000700000 r-xp 00000000 00:00 0
Size:               1024 kB
Anonymous:             0 kB
7f0000700000-7f0000701000 rw-p 00000000 08:01 1234    /usr/lib/libtorch_cpu.so
Size:                  4 kB
Anonymous:             4 kB
"""


def test_only_executable_file_mappings_that_were_never_written_are_dropped():
    # Read-only data, a code page someone wrote (a copy of its own), anonymous code (a JIT's)
    # and writable data all hold what the file cannot give back: they stay.
    assert code_mappings(SMAPS.splitlines(keepends=True)) == [(0x7F0000000000, 0x7F0000400000)]


def test_a_process_that_dropped_its_code_runs_it_again():
    script = ("import numpy\nfrom core.memory_release import release_startup_code, return_freed_heap\n"
              "dropped = release_startup_code()\nreturn_freed_heap()\n"
              "print(dropped > 0 if sys.platform.startswith('linux') else True, "
              "round(float(numpy.linalg.det(numpy.eye(3) * 2)), 6))\n")
    done = subprocess.run([sys.executable, "-c", "import sys\n" + script], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "8.0"]
