"""ResNet generator of CycleGAN, split into encoder and decoder so that
instance-aware methods (InstaGAN's image/mask encoders) reuse the parts."""
from functools import partial
from typing import Optional, Union

import torch.nn as nn
from mmengine.model import BaseModule
from torch import Tensor

from mmi2i.registry import BACKBONES, GENERATORS
from .tap_conv_transpose import TapConvTranspose2d
from .thin_conv import ThinConv2d
from .utils import GANInitModule, NormCfg, build_norm, build_padding, uses_bias
from .winograd_conv import WinogradConv2d

#: ``winograd_conv`` values: off, on (eager transforms), on with the
#: transforms compiled (``torch.compile``), or a dict of
#: :class:`WinogradConv2d` arguments (``fused``, ``tile``).
WinogradOption = Union[bool, str, dict]


def _block_conv(winograd_conv: WinogradOption):
    """The conv class of the residual blocks for ``winograd_conv``."""
    if isinstance(winograd_conv, dict):
        unknown = set(winograd_conv) - {'fused', 'tile'}
        if unknown:
            raise ValueError(f'winograd_conv: unknown keys {sorted(unknown)}'
                             f" (WinogradConv2d takes 'fused', 'tile')")
        return partial(WinogradConv2d, **winograd_conv)
    if winograd_conv not in (False, True, 'fused'):
        raise ValueError(f"winograd_conv must be False, True, 'fused' or a "
                         f'dict of WinogradConv2d arguments, got '
                         f'{winograd_conv!r}')
    if not winograd_conv:
        return nn.Conv2d
    return partial(WinogradConv2d, fused=winograd_conv == 'fused')


class ResidualBlock(nn.Module):
    """conv3-norm-ReLU-(dropout)-conv3-norm with identity shortcut.

    ``winograd_conv``: build the convs as :class:`WinogradConv2d` (the same
    parameters; on CPU ~1.4x faster at 256 channels, same function up to
    float rounding, which is closer to float64 than the direct form's);
    ``'fused'``: with its transforms compiled by ``torch.compile``
    (another ~1.3x per conv; ``WinogradConv2d``'s ``fused``); a dict:
    :class:`WinogradConv2d`'s ``fused`` and ``tile`` (e.g. ``dict(fused=
    True, tile=4)``, F(4x4, 3x3)).
    """

    def __init__(self, channels: int, norm_cfg: NormCfg,
                 padding_mode: str = 'reflect',
                 use_dropout: bool = False,
                 winograd_conv: WinogradOption = False) -> None:
        super().__init__()
        bias = uses_bias(norm_cfg)
        conv = _block_conv(winograd_conv)
        layers = [
            build_padding(padding_mode, 1),
            conv(channels, channels, 3, bias=bias),
            build_norm(norm_cfg, channels),
            nn.ReLU(True)
        ]
        if use_dropout:
            layers.append(nn.Dropout(0.5))
        layers += [
            build_padding(padding_mode, 1),
            conv(channels, channels, 3, bias=bias),
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
    StarGAN). ``winograd_conv``: see :class:`ResidualBlock` (off by
    default, so earlier runs keep their results to the bit).
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
                 sample_kernel: int = 3,
                 winograd_conv: WinogradOption = False) -> None:
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
            ResidualBlock(ch, norm_cfg, padding_mode, use_dropout,
                          winograd_conv) for _ in range(num_blocks)
        ]
        self.out_channels = ch
        self.model = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x)


@BACKBONES.register_module()
class ResnetDecoder(BaseModule):
    """``num_blocks`` res blocks -> ``num_up`` transposed convs -> conv7
    -> tanh (the last conv without bias when the norms are affine, as
    StarGAN's).

    ``gemm_output_conv``: build the conv7 as :class:`ThinConv2d` (the same
    parameters; on CPU several times faster for 1-3 output channels, same
    function up to float rounding). Off by default, so that the methods
    trained before it keep their results to the bit; InstaGAN turns it
    on. ``winograd_conv``: see :class:`ResidualBlock` (off by default).
    ``tap_conv_transpose``: build the 3x3 transposed convs as
    :class:`TapConvTranspose2d` (the same parameters; on CPU their weight
    gradient is nine GEMMs, faster from 256 channels on, same function up
    to float rounding; off by default, as above).
    """

    def __init__(self,
                 in_channels: int = 256,
                 out_channels: int = 3,
                 num_up: int = 2,
                 num_blocks: int = 0,
                 norm_cfg: NormCfg = 'IN',
                 padding_mode: str = 'reflect',
                 use_dropout: bool = False,
                 init_cfg: Optional[dict] = None,
                 sample_kernel: int = 3,
                 gemm_output_conv: bool = False,
                 winograd_conv: WinogradOption = False,
                 tap_conv_transpose: bool = False) -> None:
        super().__init__(init_cfg)
        _check_sample_kernel(sample_kernel)
        up_conv = (TapConvTranspose2d if tap_conv_transpose
                   and sample_kernel == 3 else nn.ConvTranspose2d)
        bias = uses_bias(norm_cfg)
        ch = in_channels
        layers = [
            ResidualBlock(ch, norm_cfg, padding_mode, use_dropout,
                          winograd_conv) for _ in range(num_blocks)
        ]
        for _ in range(num_up):
            layers += [
                up_conv(
                    ch, ch // 2, sample_kernel, stride=2, padding=1,
                    output_padding=1 if sample_kernel == 3 else 0,
                    bias=bias),
                build_norm(norm_cfg, ch // 2),
                nn.ReLU(True)
            ]
            ch //= 2
        layers += [
            build_padding(padding_mode, 3),
            (ThinConv2d if gemm_output_conv else nn.Conv2d)(
                ch, out_channels, 7, bias=bias),
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
        gemm_output_conv (bool): The output conv as :class:`ThinConv2d`
            (faster on CPU, same function up to float rounding). Defaults
            to False (the results of earlier runs, to the bit).
        winograd_conv (bool | str): The residual blocks' convs as
            :class:`WinogradConv2d` (faster on CPU at 256 channels, same
            function up to float rounding; ``'fused'``: its transforms
            compiled). Defaults to False (as above).
        tap_conv_transpose (bool): The up-sampling convs as
            :class:`TapConvTranspose2d` (weight gradient as GEMMs, faster
            on CPU from 256 channels on, same function up to float
            rounding). Defaults to False (as above).
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
                 sample_kernel: int = 3,
                 gemm_output_conv: bool = False,
                 winograd_conv: WinogradOption = False,
                 tap_conv_transpose: bool = False) -> None:
        super().__init__(init_type, init_gain, init_cfg)
        self.encoder = ResnetEncoder(in_channels, base_channels, num_down,
                                     num_blocks, norm_cfg, padding_mode,
                                     use_dropout, sample_kernel=sample_kernel,
                                     winograd_conv=winograd_conv)
        self.decoder = ResnetDecoder(self.encoder.out_channels, out_channels,
                                     num_down, 0, norm_cfg, padding_mode,
                                     sample_kernel=sample_kernel,
                                     gemm_output_conv=gemm_output_conv,
                                     tap_conv_transpose=tap_conv_transpose)

    def forward(self, x: Tensor) -> Tensor:
        return self.decoder(self.encoder(x))
