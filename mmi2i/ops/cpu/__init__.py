"""CPU forms of convolutions and CPU process tuning, behind one switch.

:func:`apply_cpu_forms` swaps eligible layers of a built model for their
CPU forms (same parameter objects, state-dict keys and initialization;
on any other device or dtype each falls back to its PyTorch forward);
:func:`cpu_step_cache` is entered around each training step;
:func:`tune_cpu_allocator` keeps freed memory in the process. In a config
all three are :class:`~mmi2i.engine.hooks.CPUSpeedHook`
(``default_hooks.cpu_speed``), which does nothing on GPU.
"""
from .allocator import tune_cpu_allocator
from .conv_function import cpu_forms_in_float64
from .switch import (CONV_FORMS, apply_cpu_forms, cpu_step_cache,
                     resolve_conv_forms)
from .tap_conv_transpose import TapConvTranspose2d, tap_conv_transpose2d
from .thin_conv import ThinConv2d, thin_conv2d
from .winograd_conv import (WinogradConv2d, winograd_conv2d,
                            winograd_weight_cache)

__all__ = [
    'apply_cpu_forms', 'cpu_step_cache', 'resolve_conv_forms', 'CONV_FORMS',
    'tune_cpu_allocator', 'cpu_forms_in_float64', 'ThinConv2d',
    'thin_conv2d', 'WinogradConv2d', 'winograd_conv2d',
    'winograd_weight_cache', 'TapConvTranspose2d', 'tap_conv_transpose2d'
]
