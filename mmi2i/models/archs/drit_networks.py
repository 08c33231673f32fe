"""DRIT++'s disentangled blocks: content encoders with a layer shared by
the domains, a VAE attribute encoder (mu, logvar), a decoder that
concatenates the attribute code to its features, and the content
discriminator (HsinYingLee/DRIT ``src/networks.py``, ``concat=1``).

The shared layers (last content layer, first decoder layer) are separate
networks so that each is one direct child of the model (one DDP wrapper).
"""
from typing import List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import DISCRIMINATORS, GENERATORS
from .content_style import ContentEncoder, LayerNorm2d
from .utils import GANInitModule, InstanceNorm2d


def _conv(cin: int, cout: int, k: int, s: int = 1, p: int = 0) -> list:
    return [nn.ReflectionPad2d(p), nn.Conv2d(cin, cout, k, s)]


class INSResBlock(nn.Module):
    """Residual block: (reflect pad, conv3, IN, ReLU, reflect pad, conv3,
    IN) + skip."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            *_conv(channels, channels, 3, 1, 1),
            InstanceNorm2d(channels), nn.ReLU(inplace=True),
            *_conv(channels, channels, 3, 1, 1), InstanceNorm2d(channels))

    def forward(self, x: Tensor) -> Tensor:
        return x + self.body(x)


def expand_code(z: Tensor, like: Tensor) -> Tensor:
    """A code as a (B, d, H, W) map of ``like``'s size: a (B, d) code is
    tiled; a (B, d, h, w) style map (MGUIT) is upsampled by nearest
    neighbour, like the official ``nn.Upsample`` between stages."""
    if z.dim() == 4:
        if z.shape[2:] == like.shape[2:]:
            return z
        return F.interpolate(z, size=like.shape[2:], mode='nearest')
    return z[:, :, None, None].expand(-1, -1, *like.shape[2:])


@GENERATORS.register_module()
class DRITContentEncoder(GANInitModule):
    """Domain-specific part of DRIT's content encoder: reflect conv7 +
    LeakyReLU(0.01), ``num_downsample`` x (conv3 stride 2, IN, ReLU),
    ``num_res`` residual blocks. Weights N(0, 0.02)."""

    def __init__(self, in_channels: int = 3, base_channels: int = 64,
                 num_downsample: int = 2, num_res: int = 3,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        dim = base_channels
        layers = _conv(in_channels, dim, 7, 1, 3) + [
            nn.LeakyReLU(inplace=True)]
        for _ in range(num_downsample):
            layers += _conv(dim, dim * 2, 3, 2, 1) + [
                InstanceNorm2d(dim * 2), nn.ReLU(inplace=True)]
            dim *= 2
        layers += [INSResBlock(dim) for _ in range(num_res)]
        self.model = nn.Sequential(*layers)
        self.out_channels = dim

    # the same widths as MUNIT's content encoder
    channels_out = staticmethod(ContentEncoder.channels_out)

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x)


@GENERATORS.register_module()
class SharedContentLayer(GANInitModule):
    """The content layer both domains share in DRIT: a residual block, plus
    unit Gaussian noise on its output in training mode."""

    def __init__(self, channels: int = 256, noise: bool = True,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        self.block = INSResBlock(channels)
        self.noise = noise

    def forward(self, x: Tensor) -> Tensor:
        x = self.block(x)
        if self.training and self.noise:
            x = x + torch.randn_like(x)
        return x


class _MeanPoolBlock(nn.Module):
    """DRIT's ``BasicBlock``: [IN], LeakyReLU(0.2), conv3, [IN],
    LeakyReLU(0.2), conv3 + 2x2 mean pool, plus a mean-pool + conv1
    shortcut. ``pool=False`` is MGUIT's ``BasicBlock4`` (no pooling)."""

    def __init__(self, cin: int, cout: int, norm: bool = False,
                 pool: bool = True) -> None:
        super().__init__()

        def pre(c):
            return ([InstanceNorm2d(c)] if norm else []) + [
                nn.LeakyReLU(0.2)]

        pooling = [nn.AvgPool2d(2, 2)] if pool else []
        self.conv = nn.Sequential(*pre(cin), *_conv(cin, cin, 3, 1, 1),
                                  *pre(cin), *_conv(cin, cout, 3, 1, 1),
                                  *pooling)
        self.shortcut = nn.Sequential(*pooling, nn.Conv2d(cin, cout, 1))

    def forward(self, x: Tensor) -> Tensor:
        return self.conv(x) + self.shortcut(x)


@GENERATORS.register_module()
class AttributeEncoder(GANInitModule):
    """DRIT++'s VAE attribute encoder (``E_attr_concat``): reflect conv4
    stride 2, ``num_blocks - 1`` mean-pool residual blocks widening up to
    4 x ``base_channels``, LeakyReLU, global average pool, then two linear
    heads. Returns ``(mu, logvar)``, each (B, style_dim)."""

    def __init__(self, in_channels: int = 3, base_channels: int = 64,
                 style_dim: int = 8, num_blocks: int = 4,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        layers = _conv(in_channels, base_channels, 4, 2, 1)
        cout = base_channels
        for n in range(1, num_blocks):
            cin = base_channels * min(4, n)
            cout = base_channels * min(4, n + 1)
            layers.append(_MeanPoolBlock(cin, cout))
        layers += [nn.LeakyReLU(0.2), nn.AdaptiveAvgPool2d(1)]
        self.conv = nn.Sequential(*layers)
        self.fc_mu = nn.Linear(cout, style_dim)
        self.fc_logvar = nn.Linear(cout, style_dim)
        self.style_dim = style_dim

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        h = self.conv(x).flatten(1)
        return self.fc_mu(h), self.fc_logvar(h)


@GENERATORS.register_module()
class SpatialAttributeEncoder(GANInitModule):
    """MGUIT's style encoder (``E_attr``): a style *map*, not a vector.

    Reflect pad (1, 2, 1, 2) + conv4 stride 1, ``num_downsample``
    mean-pool residual blocks with instance norm (widening to 2 x
    ``base_channels``), one unpooled residual block to ``style_channels``,
    LeakyReLU(0.2). (B, 3, H, W) -> (B, style_channels, H / 4, W / 4) for
    the default two downsamplings, aligned with the content map.
    """

    def __init__(self, in_channels: int = 3, base_channels: int = 64,
                 style_channels: int = 128, num_downsample: int = 2,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        layers = [nn.ReflectionPad2d((1, 2, 1, 2)),
                  nn.Conv2d(in_channels, base_channels, 4)]
        cin = base_channels
        for n in range(1, num_downsample + 1):
            cout = base_channels * min(2, n + 1)
            layers.append(_MeanPoolBlock(cin, cout, norm=True))
            cin = cout
        layers += [_MeanPoolBlock(cin, style_channels, norm=True, pool=False),
                   nn.LeakyReLU(0.2)]
        self.model = nn.Sequential(*layers)
        self.style_channels = style_channels

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x)


class _ConvTBlock(nn.Sequential):
    """ConvTranspose3 stride 2 (doubling size), layer norm (DRIT++, MGUIT)
    or instance norm, ReLU."""

    def __init__(self, cin: int, cout: int, norm: str = 'ln') -> None:
        if norm not in ('ln', 'in'):
            raise ValueError(f"upsample norm must be 'ln' or 'in', got "
                             f'{norm!r}')
        super().__init__(
            nn.ConvTranspose2d(cin, cout, 3, 2, 1, output_padding=1),
            LayerNorm2d(cout, variant='standard')
            if norm == 'ln' else InstanceNorm2d(cout),
            nn.ReLU(inplace=True))


@GENERATORS.register_module()
class SharedDecoderLayer(GANInitModule):
    """The first decoder layer both domains share in DRIT++ (a residual
    block on the content code); MGUIT's adds Gaussian noise of std
    ``noise_std`` to its input in training mode (``noise=True``; the
    released decoder adds ``0.1 * N(0, 1)``)."""

    def __init__(self, channels: int = 256, noise: bool = False,
                 noise_std: float = 1.0,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        self.block = INSResBlock(channels)
        self.noise = noise
        self.noise_std = noise_std

    def forward(self, x: Tensor) -> Tensor:
        if self.training and self.noise:
            x = x + self.noise_std * torch.randn_like(x)
        return self.block(x)


def concat_decoder_channels(content_channels: int, style_dim: int,
                            num_res: int, num_upsample: int) -> int:
    """Feature channels after the stages of a :class:`ConcatDecoder` (what
    a trunk gives its heads)."""
    dim = content_channels + (style_dim if num_res else 0)
    for _ in range(num_upsample):
        dim = (dim + style_dim) // 2
    return dim


@GENERATORS.register_module()
class ConcatDecoder(GANInitModule):
    """Domain-specific decoder of DRIT++ (``G_concat``): the attribute code
    is tiled and concatenated before each stage: ``num_res`` residual
    blocks, ``num_upsample`` transposed convs (halving the width), a 1x1
    transposed conv + tanh.

    ``forward(content, z)``: content (B, C, h, w) (after the shared layer),
    z (B, style_dim) or, for MGUIT, a style map (B, style_dim, h, w)
    upsampled with the features.

    The same class builds the parts of a generator split between shared
    and per-domain stages (MGUIT shares the residual blocks and the first
    upsampling): ``out_channels=None`` stops before the output layer and
    returns the features (a trunk); ``num_res=0`` starts at the
    upsamplings (a head on a trunk's features).

    Args:
        out_channels (int, optional): Image channels; None: no output
            layer.
        upsample_norm (str): ``'ln'`` (DRIT++'s and MGUIT's released
            ``ReLUINSConvTranspose2d``, a layer norm despite its name) or
            ``'in'``.
    """

    def __init__(self, out_channels: Optional[int] = 3,
                 content_channels: int = 256, style_dim: int = 8,
                 num_res: int = 3, num_upsample: int = 2,
                 upsample_norm: str = 'ln',
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        dim = content_channels + (style_dim if num_res else 0)
        self.res = nn.Sequential(*[INSResBlock(dim) for _ in range(num_res)])
        self.ups = nn.ModuleList()
        for _ in range(num_upsample):
            dim += style_dim
            self.ups.append(_ConvTBlock(dim, dim // 2, upsample_norm))
            dim //= 2
        self.out = None if out_channels is None else nn.Sequential(
            nn.ConvTranspose2d(dim + style_dim, out_channels, 1), nn.Tanh())
        self.out_channels = dim if out_channels is None else out_channels

    def forward(self, content: Tensor, z: Tensor) -> Tensor:
        x = content
        if len(self.res):
            x = self.res(torch.cat([x, expand_code(z, x)], 1))
        for up in self.ups:
            x = up(torch.cat([x, expand_code(z, x)], 1))
        if self.out is None:
            return x
        return self.out(torch.cat([x, expand_code(z, x)], 1))


@DISCRIMINATORS.register_module()
class ContentDiscriminator(GANInitModule):
    """DRIT's content discriminator: which domain a content code came from.

    ``num_layers`` x (reflect pad 1, conv ``kernel_size`` stride 2,
    LeakyReLU(0.01)) -> conv ``last_kernel`` -> LeakyReLU -> 1x1 conv;
    one logit per patch (B, h * w), each judged by the loss, as the
    released DRIT++ and MGUIT codes do (``view(-1)``; DRIT reaches one
    patch on its 216px crops, MGUIT has 5x5 at 360px).
    """

    def __init__(self, in_channels: int = 256, channels: int = 256,
                 num_layers: int = 3, kernel_size: int = 7,
                 last_kernel: int = 4,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        layers, cin = [], in_channels
        for _ in range(num_layers):
            layers += _conv(cin, channels, kernel_size, 2, 1) + [
                nn.LeakyReLU(inplace=True)]
            cin = channels
        layers += [nn.Conv2d(channels, channels, last_kernel),
                   nn.LeakyReLU(inplace=True), nn.Conv2d(channels, 1, 1)]
        self.model = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> List[Tensor]:
        return [self.model(x).flatten(1)]


def reparameterize(mu: Tensor, logvar: Tensor) -> Tensor:
    """z = mu + exp(logvar / 2) * eps, eps ~ N(0, I)."""
    return mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
