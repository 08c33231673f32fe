"""MUNIT (Huang et al., ECCV 2018): multimodal unsupervised translation."""
from collections import OrderedDict
from typing import Dict, Optional

import torch
from torch import Tensor

from mmi2i.registry import MODELS
from ...base_models import (PerDomainTranslationModel, StepContext,
                            fill_style_dim)


@MODELS.register_module()
class MUNIT(PerDomainTranslationModel):
    """MUNIT between two domains.

    Per domain: ``content_encoder``, ``style_encoder``, ``decoder`` (AdaIN)
    and ``discriminator`` (multi-scale). A -> B is
    ``decoder_B(content_encoder_A(x), s)`` with ``s`` drawn from N(0, I)
    or encoded from a B image.

    Losses (NVlabs/MUNIT ``trainer.py``): ``gan`` on both translations,
    ``recon_x`` (within-domain image reconstruction), ``recon_s`` (the
    random style recovered from the translation), ``recon_c`` (the content
    recovered), and optionally ``cycle`` (the style-augmented cycle,
    ``recon_x_cyc_w``, 0 in most official configs). The discriminators'
    loss is not halved (``disc_loss_scale`` 1).

    Args:
        networks (dict): ``content_encoder``, ``style_encoder``,
            ``decoder``, ``discriminator`` configs.
        style_dim (int): Style code length. Defaults to 8.
        **kwargs: See :class:`PerDomainTranslationModel`.
    """

    per_domain_kinds = ('content_encoder', 'style_encoder', 'decoder',
                        'discriminator')
    content_width_args = dict(decoder='content_channels')
    #: Kinds given the model's ``style_dim`` (:func:`fill_style_dim`).
    style_dim_kinds = ('style_encoder', 'decoder')
    default_losses = dict(
        gan=dict(type='GANLoss', gan_type='lsgan', loss_weight=1.0),
        recon_x=dict(type='L1Loss', loss_weight=10.0),
        recon_s=dict(type='L1Loss', loss_weight=1.0),
        recon_c=dict(type='L1Loss', loss_weight=1.0))
    supported_losses = ('gan', 'recon_x', 'recon_s', 'recon_c', 'cycle', 'gp')

    def __init__(self, domains=('A', 'B'), networks: Optional[dict] = None,
                 style_dim: int = 8, disc_loss_scale: float = 1.0,
                 **kwargs) -> None:
        if len(domains) != 2:
            raise ValueError(f'MUNIT translates between two domains, got '
                             f'{list(domains)}')
        if networks is None:
            raise ValueError('MUNIT needs networks=dict(content_encoder=..., '
                             'style_encoder=..., decoder=..., '
                             'discriminator=...)')
        networks = fill_style_dim(networks, style_dim, self.style_dim_kinds)
        super().__init__(domains, networks, style_dim=style_dim,
                         **kwargs)
        self.disc_loss_scale = disc_loss_scale

    # -- the three operations every content-style method offers ----------
    def encode(self, img: Tensor, domain: str):
        """(content, style) codes of images of ``domain``."""
        return (self.net('content_encoder', domain)(img),
                self.net('style_encoder', domain)(img))

    def decode(self, content: Tensor, style: Tensor, domain: str) -> Tensor:
        return self.net('decoder', domain)(content, style)

    def encode_style(self, img, domain, masks=None, valid=None) -> Tensor:
        return self.net('style_encoder', domain)(img)

    # -- training -------------------------------------------------------
    def forward_train(self, inputs: dict, ctx: StepContext) -> dict:
        a, b = self.domains
        x = {a: inputs[a]['img'], b: inputs[b]['img']}
        out = {}
        for src, tgt in ((a, b), (b, a)):
            c, s = self.encode(x[src], src)
            out[f'content_{src}'], out[f'style_{src}'] = c, s
            out[f'recon_{src}'] = self.decode(c, s, src)
            s_rand = self.sample_style(len(c), tgt)
            fake = self.decode(c, s_rand, tgt)
            out[f'rand_style_{tgt}'] = s_rand
            out[f'{src}2{tgt}'] = fake
            out[f'content_rec_{src}'], out[f'style_rec_{tgt}'] = self.encode(
                fake, tgt)
        if 'cycle' in self.losses:
            for src, tgt in ((a, b), (b, a)):
                out[f'cycle_{src}'] = self.decode(out[f'content_rec_{src}'],
                                                  out[f'style_{src}'], src)
        out['real'] = x
        return out

    def generator_loss(self, inputs: dict, outputs: dict,
                       ctx: StepContext) -> dict:
        a, b = self.domains
        gan = self.losses['gan']
        losses = {}
        for src, tgt in ((a, b), (b, a)):
            real = outputs['real'][src]
            losses[f'loss_gan_{tgt}'] = gan(
                self.net('discriminator', tgt)(outputs[f'{src}2{tgt}']), True)
            losses[f'loss_recon_x_{src}'] = self.losses['recon_x'](
                outputs[f'recon_{src}'], real)
            losses[f'loss_recon_s_{tgt}'] = self.losses['recon_s'](
                outputs[f'style_rec_{tgt}'], outputs[f'rand_style_{tgt}'])
            losses[f'loss_recon_c_{src}'] = self.losses['recon_c'](
                outputs[f'content_rec_{src}'], outputs[f'content_{src}'])
            if 'cycle' in self.losses:
                losses[f'loss_cycle_{src}'] = self.losses['cycle'](
                    outputs[f'cycle_{src}'], real)
        return losses

    def discriminator_loss(self, inputs: dict, outputs: dict,
                           ctx: StepContext) -> dict:
        a, b = self.domains
        gan = self.losses['gan']
        losses = {}
        for src, tgt in ((a, b), (b, a)):
            disc = self.net('discriminator', tgt)
            real, fake = outputs['real'][tgt], outputs[f'{src}2{tgt}']
            loss = (gan(disc(real), True, is_disc=True) +
                    gan(disc(fake), False, is_disc=True))
            loss = loss * self.disc_loss_scale
            if 'gp' in self.losses:
                loss = loss + self.losses['gp'](
                    lambda t: torch.cat([o.flatten(1) for o in disc(t)], 1),
                    real, fake)
            losses[f'loss_disc_{tgt}'] = loss
        return losses

    # -- inference --------------------------------------------------------
    def translate(self, img, source, target, masks=None, valid=None,
                  style=None) -> Dict[str, Tensor]:
        """``style`` (B, d) or None (random styles from the prior)."""
        content = self.net('content_encoder', source)(img)
        if style is None:
            style = self.sample_style(len(img), target, img.device)
        return dict(img=self.decode(content, style, target))

    def get_visuals(self, inputs: dict) -> dict:
        """Per source domain: input, reconstruction, two random-style
        translations and a translation with the style of the other
        domain's first image."""
        visuals = OrderedDict()
        for src in self.domains:
            tgt = next(d for d in self.domains if d != src)
            img = inputs[src]['img']
            c, s = self.encode(img, src)
            ref = self.encode_style(inputs[tgt]['img'][:1], tgt)
            visuals[src] = OrderedDict([
                (src, img), (f'{src}_recon', self.decode(c, s, src)),
                (f'{src}2{tgt}_s1', self.translate(img, src, tgt)['img']),
                (f'{src}2{tgt}_s2', self.translate(img, src, tgt)['img']),
                (f'{src}2{tgt}_ref',
                 self.decode(c, ref.expand(len(img), -1), tgt)),
            ])
        return visuals
