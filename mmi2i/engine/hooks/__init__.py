from .checkpoint_compat_hook import SafeCheckpointHook, from_plain, to_plain
from .cpu_speed_hook import CPUSpeedHook
from .stage_log_hook import StageLogHook
from .visualization_hook import (SaveTranslationsHook,
                                 TranslationVisualizationHook,
                                 describe_columns, make_grid)

__all__ = [
    'CPUSpeedHook', 'StageLogHook', 'SafeCheckpointHook', 'to_plain',
    'from_plain',
    'TranslationVisualizationHook', 'SaveTranslationsHook', 'make_grid',
    'describe_columns'
]
