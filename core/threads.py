"""How many threads torch may use for one operation: one, in the window and in the CLI alike.

Lessons use small tensors, so a second thread buys little; on a 2-core laptop torch's spinning
thread pool then fights the window's own thread for the cores (a two-layer-net step was ~100x
slower in the window with two). The CLI uses the same count so that float32 sums add up in the same
order and a seed gives the same numbers in both. TORCH_CLASSROOM_THREADS overrides it.
"""

from __future__ import annotations

import os

DEFAULT_THREADS = 1


def configure_torch_threads() -> int:
    import torch

    count = int(os.environ.get("TORCH_CLASSROOM_THREADS", DEFAULT_THREADS))
    if torch.get_num_threads() != count:
        torch.set_num_threads(count)
    return count
