"""What the process server preloads: everything a run process imports, then frozen for sharing.

Run processes fork from the server, so they start in milliseconds and share its pages; whatever a
run imports after the fork is a copy of its own. ``torch._dynamo`` (with sympy), which every
``torch.optim`` optimizer imports on its first use, was about 100 MB in each run process that
trained. Freezing the garbage collector's view of these objects keeps a collection in a child from
touching (and so copying) every page the server holds.
"""

import gc

from core.memory_release import one_heap, release_startup_code

one_heap()  # run processes inherit it

import torch._dynamo  # noqa: F401  (torch.optim imports it on first use)

import core.advice  # noqa: F401  (the driver imports these when it first needs them)
import core.devices  # noqa: F401
import core.driver_process  # noqa: F401  (torch and every lesson's runs)
import core.sweep  # noqa: F401

gc.freeze()
release_startup_code()  # after every import: what they ran is what it frees
