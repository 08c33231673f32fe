"""SPADE building blocks (Park et al., CVPR 2019): spatially-adaptive
normalization, its residual block, and the multi-scale PatchGAN
discriminator with intermediate features for feature matching."""
from typing import List, Optional

import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import DISCRIMINATORS
from .utils import GANInitModule, InstanceNorm2d


class SPADE(nn.Module):
    """Parameter-free instance norm of ``x``, then a scale and a shift
    predicted per pixel from the segmentation map ``seg`` (resized to
    ``x``)."""

    def __init__(self, channels: int, seg_channels: int,
                 hidden: int = 128) -> None:
        super().__init__()
        self.norm = InstanceNorm2d(channels, affine=False)
        self.shared = nn.Sequential(
            nn.Conv2d(seg_channels, hidden, 3, padding=1), nn.ReLU(True))
        self.gamma = nn.Conv2d(hidden, channels, 3, padding=1)
        self.beta = nn.Conv2d(hidden, channels, 3, padding=1)

    def forward(self, x: Tensor, seg: Tensor) -> Tensor:
        seg = F.interpolate(seg, size=x.shape[-2:], mode='nearest')
        h = self.shared(seg)
        return self.norm(x) * (1 + self.gamma(h)) + self.beta(h)


class SPADEResBlock(nn.Module):
    """SPADE-ReLU-conv3 twice, with a learned (SPADE-conv1) shortcut when
    the channel count changes."""

    def __init__(self, cin: int, cout: int, seg_channels: int,
                 hidden: int = 128) -> None:
        super().__init__()
        mid = min(cin, cout)
        self.norm0 = SPADE(cin, seg_channels, hidden)
        self.conv0 = nn.Conv2d(cin, mid, 3, padding=1)
        self.norm1 = SPADE(mid, seg_channels, hidden)
        self.conv1 = nn.Conv2d(mid, cout, 3, padding=1)
        self.learned_shortcut = cin != cout
        if self.learned_shortcut:
            self.norm_s = SPADE(cin, seg_channels, hidden)
            self.conv_s = nn.Conv2d(cin, cout, 1, bias=False)

    def forward(self, x: Tensor, seg: Tensor) -> Tensor:
        s = (self.conv_s(self.norm_s(x, seg))
             if self.learned_shortcut else x)
        dx = self.conv0(F.leaky_relu(self.norm0(x, seg), 0.2))
        dx = self.conv1(F.leaky_relu(self.norm1(dx, seg), 0.2))
        return s + dx


class _PatchFeatures(nn.Module):
    """A PatchGAN returning every layer's output (the last is the score)."""

    def __init__(self, cin: int, ndf: int, num_layers: int) -> None:
        super().__init__()
        layers = [nn.Sequential(nn.Conv2d(cin, ndf, 4, 2, 2),
                                nn.LeakyReLU(0.2, True))]
        ch = ndf
        for i in range(1, num_layers):
            stride = 2 if i < num_layers - 1 else 1
            layers.append(nn.Sequential(
                nn.Conv2d(ch, min(ch * 2, 512), 4, stride, 2),
                InstanceNorm2d(min(ch * 2, 512)),
                nn.LeakyReLU(0.2, True)))
            ch = min(ch * 2, 512)
        layers.append(nn.Conv2d(ch, 1, 4, 1, 2))
        self.layers = nn.ModuleList(layers)

    def forward(self, x: Tensor) -> List[Tensor]:
        feats = []
        for layer in self.layers:
            x = layer(x)
            feats.append(x)
        return feats


@DISCRIMINATORS.register_module()
class MultiScaleDiscriminator(GANInitModule):
    """SPADE/pix2pixHD's multi-scale discriminator: ``num_scales``
    PatchGANs on the input downsampled by 2 each time.

    ``forward`` returns, per scale, the list of layer outputs (the last
    one is the patch score), for the GAN loss and feature matching.

    Args:
        in_channels (int): Input channels (image, plus the segmentation
            map for a conditional discriminator).
        base_channels (int): ndf. Defaults to 64.
        num_layers (int): Conv layers per scale. Defaults to 4.
        num_scales (int): Defaults to 2.
    """

    def __init__(self, in_channels: int = 3, base_channels: int = 64,
                 num_layers: int = 4, num_scales: int = 2,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        self.scales = nn.ModuleList(
            _PatchFeatures(in_channels, base_channels, num_layers)
            for _ in range(num_scales))

    def forward(self, x: Tensor) -> List[List[Tensor]]:
        outs = []
        for i, d in enumerate(self.scales):
            if i:
                x = F.avg_pool2d(x, 3, 2, 1, count_include_pad=False)
            outs.append(d(x))
        return outs


__all__ = ['SPADE', 'SPADEResBlock', 'MultiScaleDiscriminator']
