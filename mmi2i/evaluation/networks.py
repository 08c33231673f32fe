"""Networks behind the quality metrics.

Standard networks load their pretrained weights from torch's hub cache
(:func:`mmi2i.evaluation.weights.find_weights` downloads a missing one);
``RandomConvFeatures`` and ``TinyClassifier`` are small networks built
locally, for tests and for the toy data.
"""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import MODELS
from .weights import find_weights

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def _imagenet_input(images: Tensor, size: int) -> Tensor:
    """Resize to ``size`` and normalize with ImageNet statistics."""
    x = F.interpolate(_to_unit(images), size=(size, size), mode='bilinear',
                      align_corners=False)
    mean = x.new_tensor(IMAGENET_MEAN)[None, :, None, None]
    std = x.new_tensor(IMAGENET_STD)[None, :, None, None]
    return (x - mean) / std


def _to_unit(images: Tensor) -> Tensor:
    """uint8 (B, 3, H, W) or float in [0, 1] -> float [0, 1]."""
    if images.dtype == torch.uint8:
        return images.float() / 255.0
    return images.float()


@MODELS.register_module()
class InceptionFeatures(nn.Module):
    """pytorch-fid's Inception (pool3, 2048-d) for FID."""

    def __init__(self) -> None:
        super().__init__()
        find_weights('pt_inception-2015-12-05-6726825d.pth')
        from pytorch_fid.inception import InceptionV3
        self.net = InceptionV3([InceptionV3.BLOCK_INDEX_BY_DIM[2048]],
                               resize_input=True, normalize_input=True)
        self.net.eval()

    @torch.no_grad()
    def forward(self, images: Tensor) -> Tensor:
        return self.net(_to_unit(images))[0].flatten(1)


@MODELS.register_module()
class InceptionClassifier(nn.Module):
    """torchvision's ImageNet Inception v3, returning logits (IS/CIS)."""

    def __init__(self) -> None:
        super().__init__()
        find_weights('inception_v3_google-0cc3c7bd.pth')
        from torchvision.models import Inception_V3_Weights, inception_v3
        self.net = inception_v3(weights=Inception_V3_Weights.IMAGENET1K_V1)
        self.net.eval()

    @torch.no_grad()
    def forward(self, images: Tensor) -> Tensor:
        return self.net(_imagenet_input(images, 299))


@MODELS.register_module()
class RandomConvFeatures(nn.Module):
    """A fixed, seeded random conv net (3 stride-2 convs, global pooling).

    Not a substitute for Inception in reported numbers: it gives FID a
    well-defined feature space on machines without the weights, and keeps
    the metric's behaviour testable.
    """

    def __init__(self, dim: int = 32, seed: int = 0) -> None:
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        convs = []
        ch = 3
        for out in (16, 32, dim):
            conv = nn.Conv2d(ch, out, 3, stride=2, padding=1)
            with torch.no_grad():
                conv.weight.copy_(
                    torch.randn(conv.weight.shape, generator=g) /
                    (ch * 9)**0.5)
                conv.bias.zero_()
            convs += [conv, nn.LeakyReLU(0.2)]
            ch = out
        self.net = nn.Sequential(*convs)
        self.requires_grad_(False)

    @torch.no_grad()
    def forward(self, images: Tensor) -> Tensor:
        x = _to_unit(images) * 2 - 1
        return self.net(x).mean((2, 3))


@MODELS.register_module()
class TinyClassifier(nn.Module):
    """A small CNN classifier for the toy data (and tests)."""

    def __init__(self, num_classes: int = 2, width: int = 16) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, width * 2, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(width * 2, width * 4, 3, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1))
        self.fc = nn.Linear(width * 4, num_classes)

    def forward(self, images: Tensor) -> Tensor:
        x = _to_unit(images)
        return self.fc(self.features(x).flatten(1))


@MODELS.register_module()
class VGG16Classifier(nn.Module):
    """ImageNet VGG-16 with a new final layer (InstaGAN's classification
    score: the final layers are fine-tuned as a binary domain classifier).

    Args:
        num_classes (int): Defaults to 2.
        pretrained (bool): Load ImageNet weights from the hub cache.
        trainable_layers (int): Fully connected layers left trainable
            (counted from the output). Defaults to 2.
    """

    def __init__(self, num_classes: int = 2, pretrained: bool = True,
                 trainable_layers: int = 2) -> None:
        super().__init__()
        from torchvision.models import VGG16_Weights, vgg16
        weights = None
        if pretrained:
            find_weights('vgg16-397923af.pth')
            weights = VGG16_Weights.IMAGENET1K_V1
        self.net = vgg16(weights=weights)
        self.net.classifier[-1] = nn.Linear(4096, num_classes)
        self.net.requires_grad_(False)
        fcs = [m for m in self.net.classifier if isinstance(m, nn.Linear)]
        for m in fcs[-trainable_layers:]:
            m.requires_grad_(True)

    def forward(self, images: Tensor) -> Tensor:
        return self.net(_imagenet_input(images, 224))


@MODELS.register_module()
class InceptionV3Classifier(nn.Module):
    """torchvision's Inception-v3 with a new final layer, fine-tuned on the
    domains (the IS/CIS classifier of MUNIT, INIT, CGL and MGUIT: "we
    fine-tune an Inception-v3 on the domain labels"); its auxiliary head
    is dropped.

    Args:
        num_classes (int): The domains. Defaults to 2.
        pretrained (bool): Start from the ImageNet weights
            (``inception_v3_google-0cc3c7bd.pth`` in the hub cache,
            downloaded where allowed). Defaults to True.
        input_size (int): Side images are resized to (299 as trained on
            ImageNet; 75 is the smallest the network takes).
        trainable (str): ``'all'`` (default) fine-tunes every layer,
            ``'fc'`` only the new final layer.
    """

    def __init__(self, num_classes: int = 2, pretrained: bool = True,
                 input_size: int = 299, trainable: str = 'all') -> None:
        super().__init__()
        from torchvision.models import Inception_V3_Weights, inception_v3
        if trainable not in ('all', 'fc'):
            raise ValueError(f"trainable must be 'all' or 'fc', got "
                             f'{trainable!r}')
        if input_size < 75:
            raise ValueError(f'Inception-v3 takes images of 75 px or more, '
                             f'got input_size={input_size}')
        weights = None
        if pretrained:
            find_weights('inception_v3_google-0cc3c7bd.pth')
            weights = Inception_V3_Weights.IMAGENET1K_V1
        self.net = inception_v3(weights=weights, aux_logits=True,
                                init_weights=False)
        self.net.aux_logits, self.net.AuxLogits = False, None
        self.net.fc = nn.Linear(self.net.fc.in_features, num_classes)
        if trainable == 'fc':
            self.net.requires_grad_(False)
            self.net.fc.requires_grad_(True)
        self.input_size = input_size

    def forward(self, images: Tensor) -> Tensor:
        return self.net(_imagenet_input(images, self.input_size))


#: Classifiers whose checkpoints hold every weight (no ImageNet start
#: needed to load them).
PRETRAINED_CLASSIFIERS = ('VGG16Classifier', 'InceptionV3Classifier')


def build_lpips(pretrained: bool = True, net: str = 'alex') -> nn.Module:
    """The ``lpips`` package's LPIPS distance.

    With ``pretrained`` the AlexNet backbone's ImageNet weights must be in
    the hub cache (the calibrated linear layers ship with lpips). Without,
    the backbone is random (tests).
    """
    import lpips
    if pretrained:
        find_weights({'alex': 'alexnet-owt-7be5be79.pth',
                      'vgg': 'vgg16-397923af.pth'}[net])
    model = lpips.LPIPS(net=net, pretrained=True, pnet_rand=not pretrained,
                        verbose=False)
    return model.eval()


def build_network(cfg: Optional[dict], default: str) -> nn.Module:
    """Build a metric network from a config dict (default type given)."""
    cfg = dict(type=default) if cfg is None else dict(cfg)
    return MODELS.build(cfg).eval()
