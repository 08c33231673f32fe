"""The switch for CPU speed: conv forms, per-step cache, allocator."""
import contextlib
from typing import Optional, Union

from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper

from mmi2i.ops.cpu import (apply_cpu_forms, cpu_step_cache, resolve_conv_forms,
                           tune_cpu_allocator)
from mmi2i.registry import HOOKS


@HOOKS.register_module()
class CPUSpeedHook(Hook):
    """Train faster on CPU; do nothing on GPU.

    When training starts on a CPU model: keeps freed memory in the process
    (``allocator``; :func:`~mmi2i.ops.cpu.tune_cpu_allocator`, bit-identical
    results) and puts the eligible convolutions in their CPU forms
    (``convs``; :func:`~mmi2i.ops.cpu.apply_cpu_forms`, same parameters and
    function up to float rounding), then enters
    :func:`~mmi2i.ops.cpu.cpu_step_cache` around each training iteration.
    Both are logged. Testing and translating (``tools/test.py``,
    ``tools/translate.py``) never apply it. ``configs/_base_/
    default_runtime.py`` registers it as ``default_hooks.cpu_speed`` with
    the allocator on and the conv forms off (each method's toy results
    stay those of the direct convolutions); InstaGAN's configs turn the
    forms on. ``--cfg-options default_hooks.cpu_speed.convs=True`` turns
    them on for any method, ``default_hooks.cpu_speed=None`` removes the
    hook.

    Args:
        convs (bool | dict): The conv forms: True for all, False for none,
            or a dict (:func:`~mmi2i.ops.cpu.resolve_conv_forms`). Defaults
            to False.
        allocator (bool): Tune the allocator. Defaults to True.
    """

    priority = 'NORMAL'

    def __init__(self, convs: Union[bool, dict] = False,
                 allocator: bool = True) -> None:
        self.forms = resolve_conv_forms(convs)  # fails early on a typo
        self.allocator = allocator
        self._cache: Optional[contextlib.ExitStack] = None
        self._active = False

    def before_train(self, runner) -> None:
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        device = next(model.parameters()).device
        if device.type != 'cpu':
            print_log(f'CPUSpeedHook: the model is on {device}: nothing to '
                      'do', logger='current')
            return
        if self.allocator:
            print_log(f'CPU memory allocator: {tune_cpu_allocator()}',
                      logger='current')
        if self.forms:
            counts = apply_cpu_forms(model, self.forms)
            done = ', '.join(f'{n} {k}' for k, n in sorted(counts.items()))
            print_log(f'CPU conv forms {sorted(self.forms)}: '
                      f'{done or "no eligible layer"}', logger='current')
            self._active = bool(counts)

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        if self._active:
            self._cache = contextlib.ExitStack()
            self._cache.enter_context(cpu_step_cache())

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs=None) -> None:
        self._close()

    def after_train(self, runner) -> None:
        self._close()

    def _close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None
