"""What the process server preloads: torch and every lesson's runs, then frozen for sharing.

Run processes fork from the server, so they start in milliseconds and share its pages. Freezing
the garbage collector's view of these objects keeps a collection in a child from touching (and so
copying) every page the server holds.
"""

import gc

import core.driver_process  # noqa: F401

gc.freeze()
