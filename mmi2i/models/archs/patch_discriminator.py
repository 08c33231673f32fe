"""PatchGAN discriminator with optional spectral norm."""
from typing import List, Optional

import torch.nn as nn
from torch import Tensor

from mmi2i.registry import DISCRIMINATORS
from .utils import GANInitModule, NormCfg, build_norm, uses_bias


def patch_layers(in_channels: int,
                 base_channels: int = 64,
                 num_conv: int = 3,
                 norm_cfg: NormCfg = 'IN',
                 with_spectral_norm: bool = False) -> List[nn.Module]:
    """The ``num_conv + 2`` 4x4 convs of a PatchGAN, as a flat layer list.

    Layout (pix2pix): conv(s2)-LReLU, ``num_conv - 1`` x conv(s2)-norm-LReLU,
    conv(s1)-norm-LReLU, conv(s1) -> 1 channel. InstaGAN splits this list
    into feature extractor and classifier.
    """
    sn = nn.utils.spectral_norm if with_spectral_norm else (lambda m: m)
    bias = uses_bias(norm_cfg)
    layers: List[nn.Module] = [
        sn(nn.Conv2d(in_channels, base_channels, 4, 2, 1)),
        nn.LeakyReLU(0.2, True)
    ]
    mult = 1
    for n in range(1, num_conv + 1):
        prev, mult = mult, min(2**n, 8)
        stride = 2 if n < num_conv else 1
        layers += [
            sn(nn.Conv2d(base_channels * prev, base_channels * mult, 4, stride,
                         1, bias=bias)),
            build_norm(norm_cfg, base_channels * mult),
            nn.LeakyReLU(0.2, True)
        ]
    layers.append(sn(nn.Conv2d(base_channels * mult, 1, 4, 1, 1)))
    return layers


@DISCRIMINATORS.register_module()
class PatchDiscriminator(GANInitModule):
    """70x70 PatchGAN (``num_conv=3``) returning a (B, 1, h, w) score map.

    Args:
        in_channels (int): Input channels (3, or 4 with a mask channel).
        base_channels (int): ndf. Defaults to 64.
        num_conv (int): Number of stride-2 stages. Defaults to 3.
        norm_cfg (str | dict): Norm layers; None or ``'none'`` for
            none. Defaults to instance norm.
        with_spectral_norm (bool): Spectral norm on every conv.
        init_type (str): Weight init. Defaults to ``'normal'``.
        init_gain (float): Defaults to 0.02.
    """

    def __init__(self,
                 in_channels: int = 3,
                 base_channels: int = 64,
                 num_conv: int = 3,
                 norm_cfg: NormCfg = 'IN',
                 with_spectral_norm: bool = False,
                 init_type: str = 'normal',
                 init_gain: float = 0.02,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_type, init_gain, init_cfg)
        self.model = nn.Sequential(*patch_layers(
            in_channels, base_channels, num_conv, norm_cfg,
            with_spectral_norm))

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x)


@DISCRIMINATORS.register_module()
class ClassifierPatchDiscriminator(GANInitModule):
    """A PatchGAN with two heads (StarGAN; CGL's D_src / D_cls):
    ``num_layers`` 4x4 stride-2 convs with LeakyReLU (``lrelu_slope``:
    0.01 StarGAN, 0.2 CGL), doubling the
    width from ``base_channels``, then an adversarial head (conv
    ``src_kernel``, stride 1, one logit per patch) and a classification
    head (a conv covering the whole remaining map: ``image_size / 2 **
    num_layers``) giving ``num_classes`` logits. Neither head has a bias.

    Returns:
        tuple: (B, 1, h, w) real/fake scores, (B, num_classes) logits.
    """

    def __init__(self, num_classes: int, image_size: int = 128,
                 in_channels: int = 3, base_channels: int = 64,
                 num_layers: int = 6, src_kernel: int = 3,
                 lrelu_slope: float = 0.01, init_type: str = 'normal',
                 init_gain: float = 0.02,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_type, init_gain, init_cfg)
        if image_size % 2**num_layers:
            raise ValueError(f'image_size {image_size} is not divisible by '
                             f'2 ** num_layers = {2**num_layers}')
        layers, ch = [], in_channels
        for n in range(num_layers):
            out = base_channels * 2**n
            layers += [
                nn.Conv2d(ch, out, 4, 2, 1),
                nn.LeakyReLU(lrelu_slope)
            ]
            ch = out
        self.main = nn.Sequential(*layers)
        self.src = nn.Conv2d(ch, 1, src_kernel, 1, src_kernel // 2,
                             bias=False)
        self.cls = nn.Conv2d(ch, num_classes, image_size // 2**num_layers,
                             bias=False)
        self.num_classes = num_classes

    def forward(self, x: Tensor):
        h = self.main(x)
        return self.src(h), self.cls(h).flatten(1)
