"""Normalization, padding and weight-init helpers shared by the archs."""
from typing import Optional, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import Tensor

#: A norm config: ``'IN'``, ``'BN'``, ``'none'``, a dict with ``type`` and
#: keyword arguments, or None for no norm.
NormCfg = Optional[Union[str, dict]]


def _norm_dict(norm_cfg: NormCfg) -> Optional[dict]:
    if norm_cfg is None:
        return None
    cfg = dict(type=norm_cfg) if isinstance(norm_cfg, str) else dict(norm_cfg)
    return None if cfg['type'] in ('none', 'None') else cfg


class InstanceNorm2d(nn.InstanceNorm2d):
    """``nn.InstanceNorm2d`` (same arguments, state and results, to the
    bit) whose output is not a view.

    ``F.instance_norm`` runs batch norm on the input reshaped to (1, B *
    C, H, W) and returns a *view* of the result. An in-place activation
    after it (``nn.ReLU(True)``, as in CycleGAN's and InstaGAN's blocks)
    then modifies a view, and autograd's backward of that (``CopySlices``
    and ``AsStridedBackward``) clones and copies the whole gradient
    several times: measured on 2 CPU cores, norm + in-place ReLU forward
    and backward takes 2x the time of the same without the view (e.g.
    102 ms against 49 ms at 192 channels, 200 px). Here the same batch
    norm call is made and its output reshaped without autograd seeing a
    view (the base tensor is never exposed). With running statistics
    ``nn.InstanceNorm2d``'s own computation is used.
    """

    def _apply_instance_norm(self, x: Tensor) -> Tensor:
        # called by nn.InstanceNorm2d.forward (after its checks) with a
        # batched input
        if self.track_running_stats:
            return super()._apply_instance_norm(x)
        b, c = x.shape[:2]
        weight = bias = None
        if self.affine:
            weight, bias = self.weight.repeat(b), self.bias.repeat(b)
        out = F.batch_norm(
            x.reshape(1, b * c, *x.shape[2:]), None, None, weight, bias,
            True, 0.0, self.eps)
        return torch.ops.aten._unsafe_view(out, x.shape)


def build_norm(norm_cfg: NormCfg, num_features: int) -> nn.Module:
    """Build a norm layer from ``'IN'``/``'BN'``/``'none'`` or a dict.

    ``IN`` is instance norm without affine parameters and running stats
    (CycleGAN/InstaGAN), unless given ``affine=True``.
    """
    cfg = _norm_dict(norm_cfg)
    if cfg is None:
        return nn.Identity()
    kind = cfg.pop('type')
    if kind == 'IN':
        cfg.setdefault('affine', False)
        return InstanceNorm2d(num_features, **cfg)
    if kind == 'BN':
        return nn.BatchNorm2d(num_features, **cfg)
    raise ValueError(f"norm type must be 'IN', 'BN' or 'none', got {kind!r}")


def uses_bias(norm_cfg: NormCfg) -> bool:
    """Convs before BN or affine IN need no bias (the norm's shift
    replaces it; StarGAN's convs have none); before plain IN they do."""
    cfg = _norm_dict(norm_cfg)
    if cfg is None:
        return True
    if cfg['type'] == 'IN':
        return not cfg.get('affine', False)
    return cfg['type'] != 'BN'


def build_padding(mode: str, size: int) -> nn.Module:
    """Explicit padding layer: ``reflect``, ``replicate`` or ``zeros``."""
    if mode == 'reflect':
        return nn.ReflectionPad2d(size)
    if mode == 'replicate':
        return nn.ReplicationPad2d(size)
    if mode == 'zeros':
        return nn.ZeroPad2d(size)
    raise ValueError(f'padding mode must be reflect, replicate or zeros, '
                     f'got {mode!r}')


def init_gan_weights(module: nn.Module,
                     init_type: str = 'normal',
                     gain: float = 0.02,
                     skip_spectral_norm: bool = False) -> None:
    """pix2pix/CycleGAN weight init: conv/linear N(0, gain) (or xavier,
    kaiming, orthogonal), norm weights N(1, gain), biases zero.

    Spectrally normalized layers (raw weight ``weight_orig``) are
    initialized the same way unless ``skip_spectral_norm``: then they keep
    PyTorch's default init (kaiming-uniform weight, uniform bias), which
    is what the pix2pix-style init function does in code that wraps convs
    in its own spectral norm module (InstaGAN's): it no longer finds their
    ``weight``.

    ``init_type='pytorch'`` leaves every layer at PyTorch's default
    initialization (what StarGAN's public code trains from).
    """
    if init_type == 'pytorch':
        return
    for m in module.modules():
        name = m.__class__.__name__
        if skip_spectral_norm and hasattr(m, 'weight_orig'):
            continue
        # spectrally normalized layers hold the raw weight as weight_orig
        w = getattr(m, 'weight_orig', getattr(m, 'weight', None))
        if w is not None and ('Conv' in name or 'Linear' in name):
            if init_type == 'normal':
                nn.init.normal_(w, 0.0, gain)
            elif init_type == 'xavier':
                nn.init.xavier_normal_(w, gain=gain)
            elif init_type == 'kaiming':
                nn.init.kaiming_normal_(w, a=0, mode='fan_in')
            elif init_type == 'orthogonal':
                nn.init.orthogonal_(w, gain=gain)
            else:
                raise ValueError(f'unknown init_type {init_type!r}')
            if getattr(m, 'bias', None) is not None:
                nn.init.zeros_(m.bias)
        elif 'BatchNorm2d' in name and m.weight is not None:
            nn.init.normal_(m.weight, 1.0, gain)
            nn.init.zeros_(m.bias)


class GANInitModule(BaseModule):
    """A network initialized with :func:`init_gan_weights` unless an
    MMEngine ``init_cfg`` is given.

    Args:
        init_type (str): ``normal``/``xavier``/``kaiming``/``orthogonal``,
            or ``pytorch`` (PyTorch's default init, left as it is).
        init_gain (float): Std (or gain) of the init. Defaults to 0.02.
        init_cfg (dict, optional): MMEngine init config, used instead.
        skip_spectral_norm (bool): Leave spectrally normalized layers at
            PyTorch's default init (see :func:`init_gan_weights`).
    """

    def __init__(self, init_type: str = 'normal', init_gain: float = 0.02,
                 init_cfg: Optional[dict] = None,
                 skip_spectral_norm: bool = False) -> None:
        super().__init__(init_cfg)
        self.init_type = init_type
        self.init_gain = init_gain
        self.skip_spectral_norm = skip_spectral_norm

    def init_weights(self) -> None:
        if self.init_cfg is None:
            init_gan_weights(self, self.init_type, self.init_gain,
                             self.skip_spectral_norm)
        else:
            super().init_weights()
