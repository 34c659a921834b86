"""Torch Classroom's lesson engine: plain Python, torch and numpy, no Qt.

Lessons are declared in ``core.lessons`` (torch-free, so the window and the CLI can list them
instantly) and run by ``core.runs`` (torch, loaded on first use).
"""

__version__ = "0.1.0"
