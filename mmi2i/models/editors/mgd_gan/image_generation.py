"""MGD-GAN's image generation (Su et al., IJCAI 2021, Sec. 2.2): the
Adapted-SPADE generator (APADE) and its segmentation input."""
from typing import Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import GENERATORS
from ...archs import SPADEResBlock
from ...archs.utils import GANInitModule, InstanceNorm2d


def blend(foreground: Tensor, background: Tensor, alpha: Tensor) -> Tensor:
    """Eq. 9: ``I' = I'_fg * alpha + B * (1 - alpha)``."""
    return foreground * alpha + background * (1 - alpha)


def union(masks: Tensor, index: Tensor, batch: int) -> Tensor:
    """Per-image union (max) of instance masks (M, 1, H, W) whose image is
    ``index`` (M,) -> (batch, 1, H, W)."""
    out = masks.new_zeros((batch, *masks.shape[1:]))
    return out.index_reduce(0, index, masks, 'amax', include_self=True)


def mask_edges(masks: Tensor, width: int = 1) -> Tensor:
    """Soft morphological gradient (dilation - erosion) of masks
    (M, 1, H, W) in [0, 1]: their borders, differentiable."""
    k = 2 * width + 1
    dilated = F.max_pool2d(masks, k, 1, width)
    eroded = -F.max_pool2d(-masks, k, 1, width)
    return dilated - eroded


def segmentation_input(masks: Tensor, index: Tensor, label: Tensor,
                       batch: int, num_domains: int) -> Tensor:
    """M'_seg of eq. 9: per image, [summed masks; label information (one
    map per domain: the union of the masks in the target domain's
    channel); aggregated edges of every mask; background mask].

    Args:
        masks (Tensor): (M, 1, H, W) instance masks in [0, 1].
        index (Tensor): (M,) image of each mask.
        label (Tensor): (batch,) target domain of each image.

    Returns:
        Tensor: (batch, 3 + num_domains, H, W).
    """
    h, w = masks.shape[-2:]
    summed = masks.new_zeros(batch, 1, h, w).index_add(0, index, masks)
    edges = masks.new_zeros(batch, 1, h, w).index_add(
        0, index, mask_edges(masks))
    fg = union(masks, index, batch)
    onehot = F.one_hot(label, num_domains).to(masks.dtype)
    labels = onehot[:, :, None, None] * fg
    return torch.cat([summed, labels, edges, 1 - fg], 1)


@GENERATORS.register_module()
class APADEGenerator(GANInitModule):
    """Adapted SPADE generator: a background encoder E takes the
    (inpainted) background down ``num_up`` times; SPADE residual blocks
    conditioned on M'_seg take it back up. Outputs the foreground image
    (tanh) and the fusion map alpha (sigmoid), eq. 9.

    Args:
        num_domains (int): Label channels of M'_seg. Defaults to 2.
        base_channels (int): Width at full resolution. Defaults to 64.
        num_up (int): Down/up-sampling stages. Defaults to 3.
        max_channels (int): Width cap. Defaults to 512.
        spade_hidden (int): SPADE's hidden width. Defaults to 128.
    """

    def __init__(self, num_domains: int = 2, base_channels: int = 64,
                 num_up: int = 3, max_channels: int = 512,
                 spade_hidden: int = 128, init_cfg=None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        self.num_domains = num_domains
        seg_ch = 3 + num_domains
        chans = [min(base_channels * 2**i, max_channels)
                 for i in range(num_up + 1)]
        enc = [nn.Conv2d(3, chans[0], 3, padding=1),
               InstanceNorm2d(chans[0]), nn.LeakyReLU(0.2, True)]
        for cin, cout in zip(chans[:-1], chans[1:]):
            enc += [nn.Conv2d(cin, cout, 3, 2, 1), InstanceNorm2d(cout),
                    nn.LeakyReLU(0.2, True)]
        self.encoder = nn.Sequential(*enc)
        self.middle = SPADEResBlock(chans[-1], chans[-1], seg_ch,
                                    spade_hidden)
        self.ups = nn.ModuleList(
            SPADEResBlock(cin, cout, seg_ch, spade_hidden)
            for cin, cout in zip(chans[::-1][:-1], chans[::-1][1:]))
        self.out = nn.Conv2d(chans[0], 4, 3, padding=1)

    def forward(self, background: Tensor,
                seg: Tensor) -> Tuple[Tensor, Tensor]:
        """background (B, 3, H, W) in [-1, 1], seg (B, 3 + D, H, W) ->
        (foreground (B, 3, H, W) in [-1, 1], alpha (B, 1, H, W))."""
        sizes = []
        x = background
        for layer in self.encoder:
            if isinstance(layer, nn.Conv2d):
                sizes.append(x.shape[-2:])
            x = layer(x)
        x = self.middle(x, seg)
        for block, size in zip(self.ups, sizes[::-1]):
            x = block(F.interpolate(x, size=size, mode='nearest'), seg)
        out = self.out(F.leaky_relu(x, 0.2))
        return torch.tanh(out[:, :3]), torch.sigmoid(out[:, 3:])
