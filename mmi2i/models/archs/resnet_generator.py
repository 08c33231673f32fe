"""ResNet generator of CycleGAN, split into encoder and decoder so that
instance-aware methods (InstaGAN's image/mask encoders) reuse the parts."""
from typing import Optional

import torch.nn as nn
from mmengine.model import BaseModule
from torch import Tensor

from mmi2i.registry import BACKBONES, GENERATORS
from .utils import GANInitModule, NormCfg, build_norm, build_padding, uses_bias


class ResidualBlock(nn.Module):
    """conv3-norm-ReLU-(dropout)-conv3-norm with identity shortcut."""

    def __init__(self, channels: int, norm_cfg: NormCfg,
                 padding_mode: str = 'reflect',
                 use_dropout: bool = False) -> None:
        super().__init__()
        bias = uses_bias(norm_cfg)
        layers = [
            build_padding(padding_mode, 1),
            nn.Conv2d(channels, channels, 3, bias=bias),
            build_norm(norm_cfg, channels),
            nn.ReLU(True)
        ]
        if use_dropout:
            layers.append(nn.Dropout(0.5))
        layers += [
            build_padding(padding_mode, 1),
            nn.Conv2d(channels, channels, 3, bias=bias),
            build_norm(norm_cfg, channels)
        ]
        self.block = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        return x + self.block(x)


def _check_sample_kernel(k: int) -> None:
    if k not in (3, 4):
        raise ValueError(f'sample_kernel must be 3 or 4, got {k}')


@BACKBONES.register_module()
class ResnetEncoder(BaseModule):
    """conv7 -> ``num_down`` stride-2 convs -> ``num_blocks`` res blocks.

    Output has ``base_channels * 2**num_down`` channels at H / 2**num_down.
    ``sample_kernel``: the stride-2 convs' kernel (3, CycleGAN; 4,
    StarGAN).
    """

    def __init__(self,
                 in_channels: int = 3,
                 base_channels: int = 64,
                 num_down: int = 2,
                 num_blocks: int = 9,
                 norm_cfg: NormCfg = 'IN',
                 padding_mode: str = 'reflect',
                 use_dropout: bool = False,
                 init_cfg: Optional[dict] = None,
                 sample_kernel: int = 3) -> None:
        super().__init__(init_cfg)
        _check_sample_kernel(sample_kernel)
        bias = uses_bias(norm_cfg)
        layers = [
            build_padding(padding_mode, 3),
            nn.Conv2d(in_channels, base_channels, 7, bias=bias),
            build_norm(norm_cfg, base_channels),
            nn.ReLU(True)
        ]
        ch = base_channels
        for _ in range(num_down):
            layers += [
                nn.Conv2d(ch, ch * 2, sample_kernel, stride=2, padding=1,
                          bias=bias),
                build_norm(norm_cfg, ch * 2),
                nn.ReLU(True)
            ]
            ch *= 2
        layers += [
            ResidualBlock(ch, norm_cfg, padding_mode, use_dropout)
            for _ in range(num_blocks)
        ]
        self.out_channels = ch
        self.model = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x)


@BACKBONES.register_module()
class ResnetDecoder(BaseModule):
    """``num_blocks`` res blocks -> ``num_up`` transposed convs -> conv7
    -> tanh (the last conv without bias when the norms are affine, as
    StarGAN's)."""

    def __init__(self,
                 in_channels: int = 256,
                 out_channels: int = 3,
                 num_up: int = 2,
                 num_blocks: int = 0,
                 norm_cfg: NormCfg = 'IN',
                 padding_mode: str = 'reflect',
                 use_dropout: bool = False,
                 init_cfg: Optional[dict] = None,
                 sample_kernel: int = 3) -> None:
        super().__init__(init_cfg)
        _check_sample_kernel(sample_kernel)
        bias = uses_bias(norm_cfg)
        ch = in_channels
        layers = [
            ResidualBlock(ch, norm_cfg, padding_mode, use_dropout)
            for _ in range(num_blocks)
        ]
        for _ in range(num_up):
            layers += [
                nn.ConvTranspose2d(
                    ch, ch // 2, sample_kernel, stride=2, padding=1,
                    output_padding=1 if sample_kernel == 3 else 0,
                    bias=bias),
                build_norm(norm_cfg, ch // 2),
                nn.ReLU(True)
            ]
            ch //= 2
        layers += [
            build_padding(padding_mode, 3),
            nn.Conv2d(ch, out_channels, 7, bias=bias),
            nn.Tanh()
        ]
        self.model = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x)


@GENERATORS.register_module()
class ResnetGenerator(GANInitModule):
    """CycleGAN's ResNet generator (``num_blocks=9`` for 256px images).

    Args:
        in_channels (int): Input channels (3, or 4 with a mask channel).
        out_channels (int): Output channels.
        base_channels (int): ngf. Defaults to 64.
        num_down (int): Stride-2 down/up-sampling stages. Defaults to 2.
        num_blocks (int): Residual blocks at the bottleneck. Defaults to 9.
        norm_cfg (dict): Norm layers. Defaults to instance norm.
        padding_mode (str): Defaults to ``'reflect'``.
        use_dropout (bool): Dropout in residual blocks.
        init_type (str): ``normal``/``xavier``/``kaiming``/``orthogonal``.
        init_gain (float): Std of the normal init. Defaults to 0.02.
        sample_kernel (int): Kernel of the stride-2 (transposed) convs: 3
            (CycleGAN) or 4 (StarGAN).
    """

    def __init__(self,
                 in_channels: int = 3,
                 out_channels: int = 3,
                 base_channels: int = 64,
                 num_down: int = 2,
                 num_blocks: int = 9,
                 norm_cfg: NormCfg = 'IN',
                 padding_mode: str = 'reflect',
                 use_dropout: bool = False,
                 init_type: str = 'normal',
                 init_gain: float = 0.02,
                 init_cfg: Optional[dict] = None,
                 sample_kernel: int = 3) -> None:
        super().__init__(init_type, init_gain, init_cfg)
        self.encoder = ResnetEncoder(in_channels, base_channels, num_down,
                                     num_blocks, norm_cfg, padding_mode,
                                     use_dropout, sample_kernel=sample_kernel)
        self.decoder = ResnetDecoder(self.encoder.out_channels, out_channels,
                                     num_down, 0, norm_cfg, padding_mode,
                                     sample_kernel=sample_kernel)

    def forward(self, x: Tensor) -> Tensor:
        return self.decoder(self.encoder(x))
