"""Lesson declarations, one file per lesson, torch-free (their runs live in ``core.runs``)."""
