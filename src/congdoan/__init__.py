"""congdoan: a platform for Vietnamese trade unions."""

__version__ = "0.1.0"
