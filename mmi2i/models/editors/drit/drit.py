"""DRIT++ (Lee et al., ECCV 2018 / IJCV 2020): diverse translation through
disentangled representations, with mode seeking."""
from collections import OrderedDict
from typing import Dict, Tuple

import torch
from torch import Tensor

from mmi2i.registry import MODELS
from ...archs import reparameterize
from ...base_models import ContentAdversarialModel, StepContext
from ...utils import frozen


def _halves(x: Tensor) -> Tuple[Tensor, Tensor]:
    """DRIT splits each domain's batch: the first half is encoded, the
    second half is the real side of the random-attribute discriminator
    (a batch of 1 serves both)."""
    if len(x) < 2:
        return x, x
    half = len(x) // 2
    return x[:half], x[half:2 * half]


@MODELS.register_module()
class DRIT(ContentAdversarialModel):
    """DRIT++ between two domains (HsinYingLee/DRIT, ``concat=1``).

    Per domain: ``content_encoder`` (then the ``content_shared`` layer),
    ``style_encoder`` (the VAE attribute encoder), ``decoder`` (after the
    ``decoder_shared`` layer), ``discriminator`` (judges translations with
    encoded attributes) and ``discriminator2`` (random attributes). Shared:
    ``content_shared``, ``decoder_shared`` and ``content_discriminator``,
    which has its own optimizer group (lr / 2.5, gradient norm clipped at 5
    in the official code; set in the config).

    Update schedule: :class:`ContentAdversarialModel` (every ``d_iter``
    iterations a full update, the content discriminator alone otherwise).

    Losses: ``gan`` (both discriminator pairs, summed over scales),
    ``content_adv``, ``cross_cycle`` and ``self_recon`` (L1 x 10),
    ``kl_attr`` (x 0.01, a sum), ``kl_content`` (mean square x 0.01),
    ``latent`` (attribute regression L1 x 10; it trains the content
    encoder and decoder, not the attribute encoder) and ``mode_seeking``
    (DRIT++; remove it for DRIT).

    Args:
        networks (dict): Per-domain ``content_encoder``, ``style_encoder``,
            ``decoder``, ``discriminator``, ``discriminator2``.
        shared_networks (dict): ``content_shared``, ``decoder_shared``,
            ``content_discriminator``.
        style_dim (int): Attribute code length (``nz`` 8).
        **kwargs: See :class:`ContentAdversarialModel` (``d_iter``...).
    """

    per_domain_kinds = ('content_encoder', 'style_encoder', 'decoder',
                        'discriminator', 'discriminator2')
    content_width_args = dict(decoder='content_channels',
                              content_shared='channels',
                              decoder_shared='channels',
                              content_discriminator='in_channels')
    default_losses = dict(
        gan=dict(type='GANLoss', gan_type='vanilla', loss_weight=1.0),
        content_adv=dict(type='ContentAdversarialLoss', loss_weight=1.0),
        cross_cycle=dict(type='L1Loss', loss_weight=10.0),
        self_recon=dict(type='L1Loss', loss_weight=10.0),
        kl_attr=dict(type='KLDivergenceLoss', loss_weight=0.01),
        kl_content=dict(type='L2RegularizationLoss', loss_weight=0.01),
        latent=dict(type='L1Loss', loss_weight=10.0),
        mode_seeking=dict(type='ModeSeekingLoss', loss_weight=1.0))
    supported_losses = tuple(default_losses)

    # -- codes ------------------------------------------------------------
    def decode(self, content: Tensor, z: Tensor, domain: str) -> Tensor:
        return self.net('decoder', domain)(self.decoder_shared(content), z)

    def encode_style(self, img, domain, masks=None, valid=None) -> Tensor:
        """The posterior mean of the attribute code."""
        return self.net('style_encoder', domain)(img)[0]

    # -- training -------------------------------------------------------
    def forward_train(self, inputs: dict, ctx: StepContext) -> dict:
        a, b = self.domains
        enc, rand = {}, {}
        for d in (a, b):
            enc[d], rand[d] = _halves(inputs[d]['img'])
        out = dict(real=enc, real_random=rand)
        out['content'] = {d: self.content(enc[d], d) for d in (a, b)}
        if not ctx.updates('generators', 'discriminators'):
            return out  # content discriminator step: codes only
        n = len(enc[a])
        z1 = self.sample_style(n, a)
        z2 = self.sample_style(n, a)
        out['z_random'] = (z1, z2)
        for tgt, src in ((a, b), (b, a)):
            mu, logvar = self.net('style_encoder', tgt)(enc[tgt])
            out[f'mu_{tgt}'], out[f'logvar_{tgt}'] = mu, logvar
            z_attr = reparameterize(mu, logvar)
            contents = torch.cat([out['content'][src], out['content'][tgt]] +
                                 [out['content'][src]] * 2)
            fakes = self.decode(contents, torch.cat([z_attr, z_attr, z1, z2]),
                                tgt).split(n)
            (out[f'{src}2{tgt}'], out[f'self_{tgt}'],
             out[f'{src}2{tgt}_random'], out[f'{src}2{tgt}_random2']) = fakes
        for tgt, src in ((a, b), (b, a)):
            fake = out[f'{src}2{tgt}']
            # codes of the translation: its content came from src, its
            # attribute from tgt; translating back swaps them
            out[f'content_rec_{src}'] = self.content(fake, tgt)
            mu, logvar = self.net('style_encoder', tgt)(fake)
            out[f'attr_rec_{tgt}'] = reparameterize(mu, logvar)
        for tgt, src in ((a, b), (b, a)):
            out[f'cross_cycle_{tgt}'] = self.decode(
                out[f'content_rec_{tgt}'], out[f'attr_rec_{tgt}'], tgt)
        return out

    def generator_loss(self, inputs: dict, outputs: dict,
                       ctx: StepContext) -> dict:
        a, b = self.domains
        gan, ls = self.losses['gan'], self.losses
        z1, z2 = outputs['z_random']
        losses = {}
        for tgt, src in ((a, b), (b, a)):
            real = outputs['real'][tgt]
            d1 = self.net('discriminator', tgt)
            d2 = self.net('discriminator2', tgt)
            losses[f'loss_gan_{tgt}'] = gan(d1(outputs[f'{src}2{tgt}']), True)
            rand1 = outputs[f'{src}2{tgt}_random']
            rand2 = outputs[f'{src}2{tgt}_random2']
            losses[f'loss_gan2_{tgt}'] = gan(d2(rand1), True) + gan(
                d2(rand2), True)
            losses[f'loss_content_adv_{tgt}'] = ls['content_adv'](
                self.content_discriminator(outputs['content'][tgt]), 0.5)
            losses[f'loss_kl_attr_{tgt}'] = ls['kl_attr'](
                outputs[f'mu_{tgt}'], outputs[f'logvar_{tgt}'])
            losses[f'loss_kl_content_{tgt}'] = ls['kl_content'](
                outputs['content'][tgt])
            losses[f'loss_cross_cycle_{tgt}'] = ls['cross_cycle'](
                outputs[f'cross_cycle_{tgt}'], real)
            losses[f'loss_self_recon_{tgt}'] = ls['self_recon'](
                outputs[f'self_{tgt}'], real)
            # latent regression: the attribute encoder is not trained by it
            with frozen([self.net('style_encoder', tgt)]):
                mu2 = self.net('style_encoder', tgt)(rand1)[0]
            losses[f'loss_latent_{tgt}'] = ls['latent'](mu2, z1)
            if 'mode_seeking' in ls:
                losses[f'loss_ms_{tgt}'] = ls['mode_seeking'](
                    rand2, rand1, z2, z1)
        return losses

    def domain_discriminator_loss(self, outputs: dict) -> dict:
        """Per target domain: ``discriminator`` on the translation with
        encoded attributes, ``discriminator2`` on both random-attribute
        translations, each against real images."""
        a, b = self.domains
        gan = self.losses['gan']

        def d_loss(disc, real, fake):
            return (gan(disc(real), True, is_disc=True) +
                    gan(disc(fake), False, is_disc=True))

        losses = {}
        for tgt, src in ((a, b), (b, a)):
            d1 = self.net('discriminator', tgt)
            d2 = self.net('discriminator2', tgt)
            real_rand = outputs['real_random'][tgt]
            loss = d_loss(d1, outputs['real'][tgt], outputs[f'{src}2{tgt}'])
            loss = loss + d_loss(d2, real_rand,
                                 outputs[f'{src}2{tgt}_random'])
            loss = loss + d_loss(d2, real_rand,
                                 outputs[f'{src}2{tgt}_random2'])
            losses[f'loss_disc_{tgt}'] = loss * self.disc_loss_scale
        return losses

    # -- inference --------------------------------------------------------
    def translate(self, img, source, target, masks=None, valid=None,
                  style=None) -> Dict[str, Tensor]:
        """``style`` (B, nz) or None (random attributes from the prior)."""
        if style is None:
            style = self.sample_style(len(img), target, img.device)
        return dict(img=self.decode(self.content(img, source), style, target))

    def get_visuals(self, inputs: dict) -> dict:
        """Per source domain: input, self-reconstruction (posterior mean),
        two random-attribute translations and one with the attribute of
        the other domain's first image."""
        visuals = OrderedDict()
        for src in self.domains:
            tgt = next(d for d in self.domains if d != src)
            img = inputs[src]['img']
            c = self.content(img, src)
            ref = self.encode_style(inputs[tgt]['img'][:1], tgt)
            visuals[src] = OrderedDict([
                (src, img),
                (f'{src}_recon', self.decode(c, self.encode_style(img, src),
                                             src)),
                (f'{src}2{tgt}_s1', self.translate(img, src, tgt)['img']),
                (f'{src}2{tgt}_s2', self.translate(img, src, tgt)['img']),
                (f'{src}2{tgt}_ref', self.decode(c, ref.expand(len(img), -1),
                                                 tgt)),
            ])
        return visuals
