from .cpu_allocator import tune_cpu_allocator
from .dist_utils import all_reduce_mean, enable_amp, prepare_launcher
from .setup_env import register_all_modules

__all__ = [
    'register_all_modules', 'prepare_launcher', 'enable_amp',
    'all_reduce_mean', 'tune_cpu_allocator'
]
from .config_utils import default_work_dir  # noqa: E402
from .config_utils import (ensure_safe_checkpoints, load_config,
                           resolve_epoch_schedule, resolve_stage_schedulers)

__all__ += [
    'default_work_dir', 'load_config', 'ensure_safe_checkpoints',
    'resolve_epoch_schedule', 'resolve_stage_schedulers'
]
