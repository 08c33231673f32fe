"""The one switch that puts a built model's convolutions in their CPU forms.

The models are built from plain ``nn.Conv2d`` / ``nn.ConvTranspose2d``.
:func:`apply_cpu_forms` changes the class of each eligible layer, in
place, to its CPU form: the layer keeps its parameter objects (so an
optimizer built before or after sees the same tensors), buffers, hooks,
state-dict keys and initialization; only ``forward`` changes, and it falls
back to PyTorch's own wherever the form does not apply (a CUDA tensor,
float16/bfloat16, CPU autocast). Same function up to float rounding:
``tests/test_ops`` checks each form against float64.

========== ============================ =================================
form       layer                        eligible
========== ============================ =================================
``thin``   :class:`ThinConv2d`          ``nn.Conv2d``, at most 4 output
                                        channels, kernel > 1x1, unpadded,
                                        stride 1 (a generator's output
                                        conv)
``winograd`` :class:`WinogradConv2d`    ``nn.Conv2d`` 3x3, unpadded,
                                        stride 1, >= 256 input channels
                                        (residual blocks)
``tap``    :class:`TapConvTranspose2d`  ``nn.ConvTranspose2d`` 3x3,
                                        stride 2, padding 1, output
                                        padding 1, >= 256 input channels
========== ============================ =================================

Subclasses of ``nn.Conv2d`` (e.g. ``SpectralNormConv2d``) are never
touched. docs/benchmarks.md has what each form gives per method.
"""
from collections import Counter
from typing import Dict, Union

import torch.nn as nn

from .conv_function import valid_stride1
from .tap_conv_transpose import MIN_TAP_CHANNELS, TapConvTranspose2d
from .thin_conv import MAX_THIN_CHANNELS, ThinConv2d
from .winograd_conv import (MIN_WINOGRAD_CHANNELS, TILES, WinogradConv2d,
                            winograd_weight_cache)

#: The forms :func:`apply_cpu_forms` knows and their settings when turned
#: on with ``True``: Winograd F(4x4, 3x3) with compiled transforms
#: (``tile=2``: F(2x2, 3x3), float32 results closer to float64 than the
#: direct convolution's; ``fused=False``: no ``torch.compile``).
CONV_FORMS: Dict[str, dict] = dict(
    thin=dict(), winograd=dict(tile=4, fused=True), tap=dict())

ConvForms = Union[bool, None, dict]


def resolve_conv_forms(convs: ConvForms) -> Dict[str, dict]:
    """Normalize a ``convs`` setting to ``{form: settings}``.

    ``True``: every form with its settings of :data:`CONV_FORMS`;
    ``False``/``None``: none; a dict: ``form -> True | False | settings``
    (e.g. ``dict(thin=True, winograd=dict(tile=2))``).

    Raises:
        ValueError: for an unknown form, setting or tile size.
    """
    if convs is None or convs is False:
        return {}
    if convs is True:
        return {k: dict(v) for k, v in CONV_FORMS.items()}
    if not isinstance(convs, dict):
        raise ValueError(f'convs must be True, False or a dict of '
                         f'{list(CONV_FORMS)}, got {convs!r}')
    out = {}
    for name, value in convs.items():
        if name not in CONV_FORMS:
            raise ValueError(f'convs: unknown form {name!r}; the forms are '
                             f'{list(CONV_FORMS)}')
        if value is None or value is False:
            continue
        settings = dict(CONV_FORMS[name])
        if isinstance(value, dict):
            unknown = set(value) - set(settings)
            if unknown:
                raise ValueError(
                    f'convs.{name}: unknown settings {sorted(unknown)} (it '
                    f'takes {sorted(settings) or "none"})')
            settings.update(value)
        elif value is not True:
            raise ValueError(f'convs.{name} must be True, False or a dict, '
                             f'got {value!r}')
        out[name] = settings
    if 'winograd' in out and out['winograd']['tile'] not in TILES:
        raise ValueError(f'convs.winograd.tile must be one of {TILES}, got '
                         f'{out["winograd"]["tile"]!r}')
    return out


def _thin_eligible(m: nn.Module) -> bool:
    return (type(m) is nn.Conv2d and m.out_channels <= MAX_THIN_CHANNELS
            and m.kernel_size != (1, 1) and valid_stride1(m))


def _winograd_eligible(m: nn.Module) -> bool:
    return (type(m) is nn.Conv2d and m.kernel_size == (3, 3)
            and valid_stride1(m) and m.in_channels >= MIN_WINOGRAD_CHANNELS)


def _tap_eligible(m: nn.Module) -> bool:
    return (type(m) is nn.ConvTranspose2d and m.kernel_size == (3, 3)
            and m.stride == (2, 2) and m.padding == (1, 1)
            and m.output_padding == (1, 1) and m.dilation == (1, 1)
            and m.groups == 1 and m.in_channels >= MIN_TAP_CHANNELS)


#: form -> (eligible, CPU form class); tried in this order
_FORMS = dict(thin=(_thin_eligible, ThinConv2d),
              winograd=(_winograd_eligible, WinogradConv2d),
              tap=(_tap_eligible, TapConvTranspose2d))


def apply_cpu_forms(model: nn.Module, convs: ConvForms = True) -> Counter:
    """Put the eligible layers of ``model`` in their CPU forms, in place.

    Args:
        model (nn.Module): A built model (wrapped or not).
        convs (bool | dict): Which forms (:func:`resolve_conv_forms`).

    Returns:
        Counter: CPU form class name -> number of layers swapped.
    """
    forms = resolve_conv_forms(convs)
    counts = Counter()
    for m in model.modules():
        for name, (eligible, cls) in _FORMS.items():
            if name in forms and eligible(m):
                m.__class__ = cls
                for key, value in forms[name].items():
                    setattr(m, key, value)
                counts[cls.__name__] += 1
                break
    return counts


def cpu_step_cache():
    """The context of one training step with CPU forms: Winograd convs
    transform each weight once per weight version inside it
    (:func:`~.winograd_conv.winograd_weight_cache`). A no-op for models
    without them."""
    return winograd_weight_cache()
