"""MGD-GAN's Masks Morph networks (Su et al., IJCAI 2021, Sec. 2.1).

G_mask encodes the whole image once (E_mask), takes each instance's
feature as its resized mask times the image feature (eq. 2), so all
instances of a batch go through the rest of the generator together, with
an embedding of the target domain concatenated; cascaded MiniIncep
residual blocks follow and a coarse-to-fine decoder emits a mask at each
of K levels. D_mask is a PatchGAN judging masks one by one whose last two
layers both give outputs (multi-scale).

Choices the paper leaves open (configs/mgd_gan/README.md): channel widths,
kernel sizes of the MiniIncep branches (1, 3, 5), the label embedding
size, K = 3 levels at 1/4, 1/2 and full resolution, sigmoid outputs.
"""
from typing import List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import DISCRIMINATORS, GENERATORS
from ...archs.utils import GANInitModule, NormCfg, build_norm


class MiniIncepBlock(nn.Module):
    """Parallel convolutions of kernel sizes 1, 3 and 5 (each a third of
    the channels, rounded), fused by a 1x1 conv, plus the identity
    shortcut."""

    def __init__(self, channels: int, norm_cfg: NormCfg = 'IN',
                 kernels: Tuple[int, ...] = (1, 3, 5)) -> None:
        super().__init__()
        branch = max(1, channels // len(kernels))
        self.branches = nn.ModuleList(
            nn.Sequential(
                nn.Conv2d(channels, branch, k, padding=k // 2),
                build_norm(norm_cfg, branch), nn.ReLU(True))
            for k in kernels)
        self.fuse = nn.Sequential(
            nn.Conv2d(branch * len(kernels), channels, 1),
            build_norm(norm_cfg, channels))

    def forward(self, x: Tensor) -> Tensor:
        return x + self.fuse(torch.cat([b(x) for b in self.branches], 1))


def instance_features(img_feat: Tensor, masks: Tensor,
                      index: Tensor) -> Tensor:
    """Eq. 2: ``F_ins(i) = M_i o F_img`` with M_i resized to the feature
    size. ``masks`` (M, 1, H, W) in [0, 1] belong to images ``index``
    (M,) of ``img_feat`` (B, C, h, w); returns (M, C, h, w)."""
    small = F.interpolate(masks, size=img_feat.shape[-2:], mode='bilinear',
                          align_corners=False)
    return small * img_feat[index]


@GENERATORS.register_module()
class MaskMorphGenerator(GANInitModule):
    """G_mask: (image, instance masks, target label) -> K masks per
    instance, coarse to fine.

    Args:
        num_domains (int): Domain labels the embedding knows.
        base_channels (int): Width of E_mask's first conv. Defaults to 32.
        num_down (int): Stride-2 convs of E_mask (K = num_down + 1 mask
            levels). Defaults to 2.
        num_blocks (int): MiniIncep residual blocks. Defaults to 4.
        label_channels (int): Size of the label embedding. Defaults to 16.
    """

    def __init__(self,
                 num_domains: int = 2,
                 base_channels: int = 32,
                 num_down: int = 2,
                 num_blocks: int = 4,
                 label_channels: int = 16,
                 norm_cfg: NormCfg = 'IN',
                 init_cfg=None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        layers = [nn.Conv2d(3, base_channels, 7, padding=3),
                  build_norm(norm_cfg, base_channels), nn.ReLU(True)]
        ch = base_channels
        for _ in range(num_down):
            layers += [nn.Conv2d(ch, ch * 2, 3, 2, 1),
                       build_norm(norm_cfg, ch * 2), nn.ReLU(True)]
            ch *= 2
        self.encoder = nn.Sequential(*layers)
        self.label_embed = nn.Embedding(num_domains, label_channels)
        self.merge = nn.Sequential(
            nn.Conv2d(ch + label_channels, ch, 1), build_norm(norm_cfg, ch),
            nn.ReLU(True))
        self.blocks = nn.Sequential(
            *[MiniIncepBlock(ch, norm_cfg) for _ in range(num_blocks)])
        self.heads = nn.ModuleList([nn.Conv2d(ch, 1, 3, padding=1)])
        self.ups = nn.ModuleList()
        for _ in range(num_down):
            self.ups.append(nn.Sequential(
                nn.ConvTranspose2d(ch, ch // 2, 3, 2, 1, output_padding=1),
                build_norm(norm_cfg, ch // 2), nn.ReLU(True)))
            ch //= 2
            self.heads.append(nn.Conv2d(ch, 1, 3, padding=1))
        self.num_domains = num_domains

    def forward(self, img: Tensor, masks: Tensor, index: Tensor,
                label: Tensor) -> List[Tensor]:
        """Translate every instance of a batch at once.

        Args:
            img (Tensor): (B, 3, H, W) in [-1, 1]; encoded once per image.
            masks (Tensor): (M, 1, H, W) in [0, 1], the instances of all
                images, ``index`` (M,) naming each one's image.
            label (Tensor): (M,) target domain index per instance.

        Returns:
            list[Tensor]: K masks (M, 1, h_k, w_k) in [0, 1], coarse to
            fine; the last is at the input size.
        """
        feat = instance_features(self.encoder(img), masks, index)
        emb = self.label_embed(label)[:, :, None, None].expand(
            -1, -1, *feat.shape[-2:])
        x = self.blocks(self.merge(torch.cat([feat, emb], 1)))
        outs = [torch.sigmoid(self.heads[0](x))]
        for up, head in zip(self.ups, self.heads[1:]):
            x = up(x)
            outs.append(torch.sigmoid(head(x)))
        return outs


@DISCRIMINATORS.register_module()
class MultiScaleMaskDiscriminator(GANInitModule):
    """D_mask: a PatchGAN over single masks (M, 1, H, W) whose last two
    layers both give patch scores (eqs. 3-4 sum over them). With
    ``num_domains`` > 0 a one-hot map of the domain the mask should belong
    to is stacked on the input, so one network judges masks of every
    domain.

    Args:
        num_domains (int): Label channels (0: unconditional).
        base_channels (int): ndf. Defaults to 32.
        num_layers (int): Stride-2 convs before the first output.
    """

    def __init__(self, num_domains: int = 0, base_channels: int = 32,
                 num_layers: int = 3, norm_cfg: NormCfg = 'IN',
                 init_cfg=None) -> None:
        super().__init__('normal', 0.02, init_cfg)
        self.num_domains = num_domains
        layers = [nn.Conv2d(1 + num_domains, base_channels, 4, 2, 1),
                  nn.LeakyReLU(0.2, True)]
        ch = base_channels
        for _ in range(num_layers - 1):
            layers += [nn.Conv2d(ch, ch * 2, 4, 2, 1),
                       build_norm(norm_cfg, ch * 2), nn.LeakyReLU(0.2, True)]
            ch *= 2
        self.body = nn.Sequential(*layers)
        self.out1 = nn.Conv2d(ch, 1, 3, 1, 1)
        self.last = nn.Sequential(
            nn.Conv2d(ch, ch * 2, 4, 2, 1), build_norm(norm_cfg, ch * 2),
            nn.LeakyReLU(0.2, True))
        self.out2 = nn.Conv2d(ch * 2, 1, 3, 1, 1)

    def forward(self, masks: Tensor,
                label: Optional[Tensor] = None) -> List[Tensor]:
        """masks (M, 1, H, W) in [0, 1], label (M,) domain index ->
        [patch scores of the second-to-last layer, of the last layer]."""
        if self.num_domains:
            onehot = F.one_hot(label, self.num_domains).to(masks.dtype)
            masks = torch.cat([masks, onehot[:, :, None, None].expand(
                -1, -1, *masks.shape[-2:])], 1)
        feat = self.body(masks)
        return [self.out1(feat), self.out2(self.last(feat))]
