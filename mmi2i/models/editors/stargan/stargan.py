"""StarGAN (Choi et al., CVPR 2018): one generator for N domains,
conditioned on the target domain's label (yunjey/stargan)."""
from collections import OrderedDict
from typing import Dict

import torch
from torch import Tensor

from mmi2i.registry import MODELS
from ...base_models import BaseTranslationModel, StepContext
from ...utils import fill_args, tile_label


@MODELS.register_module()
class StarGAN(BaseTranslationModel):
    """StarGAN for any number (>= 2) of domains.

    ``generator`` takes the image with the target's one-hot label tiled
    as extra channels (its ``in_channels`` is set here: 3 + N);
    ``discriminator`` returns real/fake patch scores and N domain logits
    (:class:`ClassifierPatchDiscriminator`, ``num_classes`` set here).
    Trained on single images of random domains (the train dataset's
    ``sampling='one_domain'``; labels from the preprocessor's ``domain``);
    the target labels are the batch's labels shuffled, as the official
    code does. Losses (official defaults): ``gan`` (WGAN), ``gp``
    (gradient penalty on the adversarial head, x 10), ``cls`` (domain
    cross-entropy, x 1, real images for D, translations for G), ``rec``
    (L1 of the cycle back to the source label, x 10). Five discriminator
    steps per generator step (``disc_steps=5`` in the config).

    Args:
        generator (dict): Generator config (``in_channels`` filled in).
        discriminator (dict): Discriminator config (``num_classes`` filled
            in).
        **kwargs: See :class:`BaseTranslationModel`.
    """

    default_losses = dict(
        gan=dict(type='GANLoss', gan_type='wgan-gp', loss_weight=1.0),
        gp=dict(type='GradientPenaltyLoss', loss_weight=10.0, head=0),
        cls=dict(type='DomainClassificationLoss', loss_weight=1.0),
        rec=dict(type='L1Loss', loss_weight=10.0))
    supported_losses = tuple(default_losses)

    def __init__(self, domains, generator: dict, discriminator: dict,
                 **kwargs) -> None:
        super().__init__(domains, **kwargs)
        if len(self.domains) < 2:
            raise ValueError(f'StarGAN needs >= 2 domains, got '
                             f'{self.domains}')
        n = len(self.domains)
        # the image and one-hot label planes in; n domains classified
        self.generator = MODELS.build(
            fill_args(generator, 'generator', in_channels=3 + n))
        self.discriminator = MODELS.build(
            fill_args(discriminator, 'discriminator', num_classes=n))

    @property
    def input_slots(self):
        return ('source', )

    def generate(self, img: Tensor, label: Tensor) -> Tensor:
        """Translate each image to the domain of its label (B,), or to
        its label vector (B, n): several binary attributes at once, as the
        authors' CelebA models (:func:`.official_weights.celeba_targets`).
        """
        return self.generator(tile_label(img, label, len(self.domains)))

    # -- training -------------------------------------------------------
    def forward_train(self, inputs: dict, ctx: StepContext) -> dict:
        inp = inputs['source']
        org = inp['domain']
        if (org < 0).any():
            raise ValueError('StarGAN needs each image\'s domain label: '
                             "train with the dataset's sampling="
                             "'one_domain'")
        trg = org[torch.randperm(len(org)).to(org.device)]
        fake = self.generate(inp['img'], trg)
        out = dict(real=inp['img'], org=org, trg=trg, fake=fake)
        if ctx.updates('generators'):
            out['rec'] = self.generate(fake, org)
        return out

    def generator_loss(self, inputs: dict, outputs: dict,
                       ctx: StepContext) -> dict:
        src, cls = self.discriminator(outputs['fake'])
        return dict(
            loss_gan=self.losses['gan'](src, True),
            loss_cls_fake=self.losses['cls'](cls, outputs['trg']),
            loss_rec=self.losses['rec'](outputs['rec'], outputs['real']))

    def discriminator_loss(self, inputs: dict, outputs: dict,
                           ctx: StepContext) -> dict:
        gan = self.losses['gan']
        src_real, cls_real = self.discriminator(outputs['real'])
        src_fake, _ = self.discriminator(outputs['fake'])
        return dict(
            loss_disc_real=gan(src_real, True, is_disc=True),
            loss_disc_fake=gan(src_fake, False, is_disc=True),
            loss_cls_real=self.losses['cls'](cls_real, outputs['org']),
            loss_gp=self.losses['gp'](self.discriminator, outputs['real'],
                                      outputs['fake']))

    # -- inference --------------------------------------------------------
    def translate(self, img, source, target, masks=None, valid=None,
                  style=None) -> Dict[str, Tensor]:
        label = self.domain_labels(target, len(img), img.device)
        return dict(img=self.generate(img, label))

    def get_visuals(self, inputs: dict) -> dict:
        """The input, then its translation to every domain."""
        key = 'source' if 'source' in inputs else next(iter(inputs))
        img = inputs[key]['img']
        visuals = OrderedDict(input=img)
        for d in self.domains:
            visuals[f'to_{d}'] = self.generate(
                img, self.domain_labels(d, len(img), img.device))
        return visuals
