"""Controls built from parameter declarations."""
