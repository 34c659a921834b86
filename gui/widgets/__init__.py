"""Reusable widgets shared by the frame and the lesson views."""
