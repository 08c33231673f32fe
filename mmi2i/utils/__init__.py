"""The lowest layer: helpers every other package may use (no import of
mmi2i's models, datasets or engine at import time)."""
from .dist_utils import (all_reduce_mean, close_launcher, enable_amp,
                         prepare_launcher)
from .io import atomic_path
from .setup_env import register_all_modules

__all__ = [
    'register_all_modules', 'prepare_launcher', 'close_launcher', 'enable_amp',
    'all_reduce_mean', 'atomic_path'
]
