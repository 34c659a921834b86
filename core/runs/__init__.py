"""The torch code of each lesson: ``core.runs.<key>.VARIANTS`` maps variant name -> Run class."""
