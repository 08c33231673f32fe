"""Building blocks of the content-style family (MUNIT, DRIT++, INIT, MGUIT).

Content encoders map an image to a spatial content code, style encoders to a
global style vector; decoders re-synthesize an image from both, injecting the
style through AdaIN parameters predicted by an MLP (MUNIT) or by
concatenating it to the features (DRIT++). Multi-scale discriminators judge
images at 3 scales, DRIT's content discriminator judges content codes.

The layer conventions follow the public code of MUNIT (NVlabs/MUNIT,
``networks.py``) and DRIT++ (HsinYingLee/DRIT, ``src/networks.py``); the
differences are listed in ``configs/munit/README.md`` and
``configs/drit/README.md``.
"""
from typing import List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import DISCRIMINATORS, GENERATORS
from .utils import GANInitModule, InstanceNorm2d, build_padding


class LayerNorm2d(nn.Module):
    """Layer norm over (C, H, W) of each sample with a per-channel affine.

    ``munit`` variant (MUNIT's decoder): ``(x - mean) / (std + eps)`` with
    the unbiased std, gamma initialised U(0, 1). ``standard`` variant
    (DRIT's ``LayerNorm``): :func:`torch.nn.functional.layer_norm`,
    gamma initialised to 1.
    """

    def __init__(self, num_features: int, eps: float = 1e-5,
                 variant: str = 'munit') -> None:
        super().__init__()
        if variant not in ('munit', 'standard'):
            raise ValueError(f'variant must be munit or standard, got '
                             f'{variant!r}')
        self.eps = eps
        self.variant = variant
        gamma = (torch.rand(num_features)
                 if variant == 'munit' else torch.ones(num_features))
        self.gamma = nn.Parameter(gamma)
        self.beta = nn.Parameter(torch.zeros(num_features))

    def forward(self, x: Tensor) -> Tensor:
        if self.variant == 'standard':
            shape = x.shape[1:]
            return F.layer_norm(x, shape,
                                self.gamma[:, None, None].expand(shape),
                                self.beta[:, None, None].expand(shape),
                                self.eps)
        flat = x.flatten(1)
        mean = flat.mean(1).view(-1, 1, 1, 1)
        std = flat.std(1).view(-1, 1, 1, 1)
        x = (x - mean) / (std + self.eps)
        return x * self.gamma[None, :, None, None] + \
            self.beta[None, :, None, None]


def adain(x: Tensor, mean: Tensor, std: Tensor, eps: float = 1e-5) -> Tensor:
    """Adaptive instance norm: instance-normalize ``x`` (B, C, H, W), then
    scale by ``std`` and shift by ``mean`` (each (B, C))."""
    normed = F.instance_norm(x, eps=eps)
    return normed * std[:, :, None, None] + mean[:, :, None, None]


def split_adain_params(params: Tensor,
                       sizes: Sequence[int]) -> List[Tuple[Tensor, Tensor]]:
    """Split an MLP output (B, sum 2 C_i) into one (mean, std) pair per
    AdaIN layer of ``sizes`` = [C_1, C_2, ...], in MUNIT's order: each
    layer takes its C means, then its C stds, then the next layer follows.
    """
    need = 2 * sum(sizes)
    if params.shape[1] != need:
        raise ValueError(f'AdaIN layers {list(sizes)} need {need} '
                         f'parameters, got {params.shape[1]}')
    out, start = [], 0
    for c in sizes:
        out.append((params[:, start:start + c],
                    params[:, start + c:start + 2 * c]))
        start += 2 * c
    return out


def _activation(name: str) -> nn.Module:
    if name == 'relu':
        return nn.ReLU(inplace=True)
    if name == 'lrelu':
        return nn.LeakyReLU(0.2, inplace=True)
    if name == 'tanh':
        return nn.Tanh()
    if name == 'none':
        return nn.Identity()
    raise ValueError(f'activation must be relu, lrelu, tanh or none, got '
                     f'{name!r}')


def _norm(name: str, channels: int) -> nn.Module:
    if name == 'in':
        return InstanceNorm2d(channels)
    if name == 'ln':
        return LayerNorm2d(channels)
    if name == 'none':
        return nn.Identity()
    raise ValueError(f"norm must be 'in', 'ln' or 'none', got {name!r}")


class ConvBlock(nn.Sequential):
    """Padding, convolution, norm, activation (MUNIT's ``Conv2dBlock``)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int,
                 stride: int = 1, padding: int = 0, norm: str = 'none',
                 activation: str = 'relu', pad_type: str = 'reflect') -> None:
        super().__init__(
            build_padding(pad_type, padding),
            nn.Conv2d(in_channels, out_channels, kernel_size, stride),
            _norm(norm, out_channels), _activation(activation))


class ResBlock(nn.Module):
    """Two 3x3 conv blocks with a skip; ``norm`` 'in' or 'none'."""

    def __init__(self, channels: int, norm: str = 'in',
                 activation: str = 'relu', pad_type: str = 'reflect') -> None:
        super().__init__()
        self.body = nn.Sequential(
            ConvBlock(channels, channels, 3, 1, 1, norm, activation,
                      pad_type),
            ConvBlock(channels, channels, 3, 1, 1, norm, 'none', pad_type))

    def forward(self, x: Tensor) -> Tensor:
        return x + self.body(x)


class AdaINResBlock(nn.Module):
    """MUNIT's residual block with AdaIN after each of its two convs."""

    def __init__(self, channels: int, activation: str = 'relu',
                 pad_type: str = 'reflect') -> None:
        super().__init__()
        self.conv1 = nn.Sequential(build_padding(pad_type, 1),
                                   nn.Conv2d(channels, channels, 3))
        self.conv2 = nn.Sequential(build_padding(pad_type, 1),
                                   nn.Conv2d(channels, channels, 3))
        self.act = _activation(activation)
        self.channels = channels

    def forward(self, x: Tensor, params: Sequence[Tuple[Tensor,
                                                        Tensor]]) -> Tensor:
        (m1, s1), (m2, s2) = params
        out = self.act(adain(self.conv1(x), m1, s1))
        return x + adain(self.conv2(out), m2, s2)


@GENERATORS.register_module()
class ContentEncoder(GANInitModule):
    """conv7 -> ``num_downsample`` stride-2 conv4 (doubling) -> residual
    blocks, all with instance norm (MUNIT's content encoder).

    Args:
        in_channels (int): Image channels.
        base_channels (int): Width of the first conv (MUNIT ``dim`` 64).
        num_downsample (int): Stride-2 convs. Defaults to 2.
        num_res (int): Residual blocks. Defaults to 4.
        activation (str): Defaults to ``relu``.
        pad_type (str): Defaults to ``reflect``.
        init_type (str): MUNIT inits its generators with ``kaiming``.
    """

    def __init__(self, in_channels: int = 3, base_channels: int = 64,
                 num_downsample: int = 2, num_res: int = 4,
                 norm: str = 'in', activation: str = 'relu',
                 pad_type: str = 'reflect', init_type: str = 'kaiming',
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_type, 0.02, init_cfg)
        dim = base_channels
        layers = [
            ConvBlock(in_channels, dim, 7, 1, 3, norm, activation, pad_type)
        ]
        for _ in range(num_downsample):
            layers.append(
                ConvBlock(dim, dim * 2, 4, 2, 1, norm, activation, pad_type))
            dim *= 2
        layers += [
            ResBlock(dim, norm, activation, pad_type) for _ in range(num_res)
        ]
        self.model = nn.Sequential(*layers)
        self.out_channels = dim

    @staticmethod
    def channels_out(base_channels: int = 64, num_downsample: int = 2,
                     **_) -> int:
        """The content width a config of this encoder gives (what the
        decoders and shared layers after it take)."""
        return base_channels * 2**num_downsample

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x)


@GENERATORS.register_module()
class StyleEncoder(GANInitModule):
    """conv7 -> two doubling stride-2 convs -> ``num_downsample - 2`` more
    stride-2 convs -> global average pool -> 1x1 conv to ``style_dim``, no
    norm (MUNIT's style encoder). Returns (B, style_dim).
    """

    def __init__(self, in_channels: int = 3, base_channels: int = 64,
                 style_dim: int = 8, num_downsample: int = 4,
                 activation: str = 'relu', pad_type: str = 'reflect',
                 init_type: str = 'kaiming',
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_type, 0.02, init_cfg)
        dim = base_channels
        layers = [
            ConvBlock(in_channels, dim, 7, 1, 3, 'none', activation,
                      pad_type)
        ]
        for i in range(num_downsample):
            out = dim * 2 if i < 2 else dim
            layers.append(
                ConvBlock(dim, out, 4, 2, 1, 'none', activation, pad_type))
            dim = out
        layers += [nn.AdaptiveAvgPool2d(1), nn.Conv2d(dim, style_dim, 1)]
        self.model = nn.Sequential(*layers)
        self.style_dim = style_dim

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x).flatten(1)


class MLP(nn.Sequential):
    """``num_blocks`` linear layers, ReLU between (none after the last)."""

    def __init__(self, in_dim: int, out_dim: int, hidden_dim: int = 256,
                 num_blocks: int = 3, activation: str = 'relu') -> None:
        dims = [in_dim] + [hidden_dim] * (num_blocks - 1) + [out_dim]
        layers = []
        for i in range(num_blocks):
            layers.append(nn.Linear(dims[i], dims[i + 1]))
            if i < num_blocks - 1:
                layers.append(_activation(activation))
        super().__init__(*layers)

    def forward(self, x: Tensor) -> Tensor:
        return super().forward(x.flatten(1))


@GENERATORS.register_module()
class AdaINDecoder(GANInitModule):
    """MUNIT's decoder: AdaIN residual blocks whose parameters an MLP
    predicts from the style code, then ``num_upsample`` x (nearest 2x
    upsampling + conv5 + layer norm), then conv7 + tanh.

    ``forward(content, style)``: content (B, C, h, w), style (B, d).
    """

    def __init__(self, out_channels: int = 3, content_channels: int = 256,
                 style_dim: int = 8, num_upsample: int = 2, num_res: int = 4,
                 mlp_dim: int = 256, mlp_blocks: int = 3,
                 activation: str = 'relu', pad_type: str = 'reflect',
                 init_type: str = 'kaiming',
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_type, 0.02, init_cfg)
        dim = content_channels
        self.res_blocks = nn.ModuleList(
            [AdaINResBlock(dim, activation, pad_type) for _ in range(num_res)])
        up = []
        for _ in range(num_upsample):
            up += [
                nn.Upsample(scale_factor=2),
                ConvBlock(dim, dim // 2, 5, 1, 2, 'ln', activation, pad_type)
            ]
            dim //= 2
        up.append(ConvBlock(dim, out_channels, 7, 1, 3, 'none', 'tanh',
                            pad_type))
        self.upsample = nn.Sequential(*up)
        self.adain_sizes = [content_channels] * (2 * num_res)
        self.mlp = MLP(style_dim, 2 * sum(self.adain_sizes), mlp_dim,
                       mlp_blocks, activation)
        self.style_dim = style_dim

    def forward(self, content: Tensor, style: Tensor) -> Tensor:
        params = split_adain_params(self.mlp(style), self.adain_sizes)
        x = content
        for k, block in enumerate(self.res_blocks):
            x = block(x, params[2 * k:2 * k + 2])
        return self.upsample(x)


@DISCRIMINATORS.register_module()
class MsImageDiscriminator(GANInitModule):
    """Multi-scale discriminator of MUNIT (``MsImageDis``) and DRIT
    (``MultiScaleDis``): ``num_scales`` identical patch discriminators on
    the image average-pooled by 2 between scales (3x3, stride 2,
    ``count_include_pad=False``). Each is ``num_layers`` stride-2 conv4
    (doubling from ``base_channels``) with LeakyReLU, no norm, then a 1x1
    conv. Returns a list of (B, 1, h_s, w_s) logits.

    Args:
        lrelu_slope (float): 0.2 in MUNIT, 0.01 (PyTorch's default) in DRIT.
        init_gain (float): Weights N(0, 0.02) in both codes.
    """

    def __init__(self, in_channels: int = 3, base_channels: int = 64,
                 num_layers: int = 4, num_scales: int = 3,
                 lrelu_slope: float = 0.2, pad_type: str = 'reflect',
                 init_type: str = 'normal', init_gain: float = 0.02,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_type, init_gain, init_cfg)
        self.downsample = nn.AvgPool2d(3, stride=2, padding=1,
                                       count_include_pad=False)
        self.nets = nn.ModuleList()
        for _ in range(num_scales):
            dim, layers = base_channels, []
            for i in range(num_layers):
                cin = in_channels if i == 0 else dim // 2
                layers += [
                    build_padding(pad_type, 1),
                    nn.Conv2d(cin, dim, 4, 2),
                    nn.LeakyReLU(lrelu_slope, inplace=True)
                ]
                dim *= 2
            layers.append(nn.Conv2d(dim // 2, 1, 1))
            self.nets.append(nn.Sequential(*layers))

    def forward(self, x: Tensor) -> List[Tensor]:
        outs = []
        for k, net in enumerate(self.nets):
            if k:
                x = self.downsample(x)
            outs.append(net(x))
        return outs
