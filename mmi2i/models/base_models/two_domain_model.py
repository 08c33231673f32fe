"""Shared set-up of two-domain models (CycleGAN, CycleGAN+Seg, InstaGAN)."""
import copy
from typing import Optional, Sequence

import torch.nn as nn

from mmi2i.registry import MODELS
from ..archs import ImagePool
from .base_translation_model import BaseTranslationModel


class TwoDomainTranslationModel(BaseTranslationModel):
    """Two generators, two discriminators and two history buffers as direct
    children: ``generator_ab`` (A->B), ``generator_ba`` (B->A),
    ``discriminator_a``, ``discriminator_b``, ``pool_a``, ``pool_b``.

    Args:
        generator (dict): Generator config, built twice.
        discriminator (dict): Discriminator config, built twice.
        domains (Sequence[str]): Names of domains A and B.
        losses (dict): Loss configs; must contain ``gan``.
        buffer_size (int): Capacity of each image history buffer.
            Defaults to 50.
        disc_loss_scale (float): Multiplies each discriminator's loss (0.5
            in CycleGAN/InstaGAN). Defaults to 0.5.
        **kwargs: See :class:`BaseTranslationModel`.
    """

    def __init__(self,
                 generator: dict,
                 discriminator: dict,
                 domains: Sequence[str] = ('A', 'B'),
                 losses: Optional[dict] = None,
                 buffer_size: int = 50,
                 disc_loss_scale: float = 0.5,
                 **kwargs) -> None:
        if len(domains) != 2:
            raise ValueError(f'{type(self).__name__} translates between two '
                             f'domains, got {list(domains)}')
        if losses is None:
            losses = copy.deepcopy(self.default_losses)
        if 'gan' not in losses:
            raise KeyError(
                f'{type(self).__name__} needs a "gan" loss; `losses` states '
                'the whole set, `loss_overrides=dict(name=...)` changes one '
                'default loss')
        super().__init__(domains, losses=losses, **kwargs)
        self.disc_loss_scale = disc_loss_scale
        self.generator_ab = MODELS.build(copy.deepcopy(generator))
        self.generator_ba = MODELS.build(copy.deepcopy(generator))
        self.discriminator_a = MODELS.build(copy.deepcopy(discriminator))
        self.discriminator_b = MODELS.build(copy.deepcopy(discriminator))
        self.pool_a = ImagePool(buffer_size, seed=1)
        self.pool_b = ImagePool(buffer_size, seed=2)

    def generator_for(self, source: str, target: str) -> nn.Module:
        """The generator translating ``source`` -> ``target``."""
        a, b = self.domains
        if (source, target) == (a, b):
            return self.generator_ab
        if (source, target) == (b, a):
            return self.generator_ba
        raise KeyError(f'cannot translate {source!r} -> {target!r}; domains '
                       f'are {self.domains}')
