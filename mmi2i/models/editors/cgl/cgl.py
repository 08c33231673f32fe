"""CGL (Fu et al., ACM MM 2020): cross-granularity learning for
multi-domain image-to-image translation; no public code."""
from collections import OrderedDict
from typing import Dict, Optional

import torch
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import MODELS
from ...base_models import BaseTranslationModel, StepContext
from ...utils import content_width, crop_instances, fill_args, tile_label

#: Network kinds, each built twice: ``<kind>_g`` (global images) and
#: ``<kind>_o`` (instances).
KINDS = ('content_encoder', 'style_encoder', 'decoder', 'discriminator')


def pick_instances(valid: Tensor, generator: Optional[torch.Generator] = None
                   ) -> Tensor:
    """One valid instance slot per image, uniformly at random: (B, N) bool
    with at most one True per row (none for an image without instances).
    """
    out = torch.zeros_like(valid)
    for b in range(len(valid)):
        slots = valid[b].nonzero(as_tuple=True)[0]
        if len(slots):
            k = torch.randint(len(slots), (1, ), generator=generator)
            out[b, slots[k]] = True
    return out


@MODELS.register_module()
class CGL(BaseTranslationModel):
    """CGL for N >= 2 domains (paper §3-4), one model for all of them.

    Global (``_g``) and instance (``_o``) branches, each with a content
    encoder (IN), a style encoder conditioned on the image's domain label
    (tiled as input channels), an AdaIN decoder whose MLP takes the style
    code and the target label, and a two-head discriminator (D_src, D_cls).
    Trained on pairs of images of two different random domains (the train
    dataset's ``sampling='pair'``: ``source`` x_i and ``reference`` x_j),
    with one random instance of each (cropped from its box to
    ``obj_size``).

    Losses (eq. 8; alpha = beta = 1, lambda_rec = 10): ``gan`` (WGAN) on
    both discriminators' adversarial heads, with eq. 9's gradient penalty
    ``gp_g`` / ``gp_o`` (one per discriminator, over the interpolates of
    both images of the pair; adaptive weighting, see
    :class:`~mmi2i.models.losses.AdaptiveGradientPenaltyLoss`); ``cls`` (domain
    classification: real images for D, translations for G; the global
    translations include one with a random style, since eqs. 1-2 take
    "random or reference style codes"); ``rec_img`` /
    ``rec_obj`` (eq. 3); ``cc_g`` / ``cc_o`` (cross-cycle, eq. 6, DRIT's
    form: content of one image, style of the other); ``cgc_g`` / ``cgc_o``
    (cross-granularity, eq. 7: the reference's instance content rendered
    by the global generator in the source image's global style, then
    decoded back); ``rec_c`` / ``rec_s`` (eqs. 4-5: codes recovered from
    an instance rendered with the other image's global style, and from a
    global image rendered with a random style), x 1 each.

    Args:
        domains (Sequence[str]): The N domain names.
        networks (dict): ``content_encoder``, ``style_encoder``,
            ``decoder``, ``discriminator`` (built for both branches;
            ``discriminator_o`` may be given apart, e.g. for another
            image size).
        style_dim (int): Style code length (8).
        obj_size (int): Side of the instance crops.
        **kwargs: See :class:`BaseTranslationModel`.
    """

    default_losses = dict(
        gan=dict(type='GANLoss', gan_type='wgan-gp', loss_weight=1.0),
        gp_g=dict(type='AdaptiveGradientPenaltyLoss', loss_weight=10.0,
                  head=0),
        gp_o=dict(type='AdaptiveGradientPenaltyLoss', loss_weight=10.0,
                  head=0),
        cls=dict(type='DomainClassificationLoss', loss_weight=1.0),
        rec_img=dict(type='L1Loss', loss_weight=10.0),
        rec_obj=dict(type='L1Loss', loss_weight=10.0),
        cc_g=dict(type='L1Loss', loss_weight=10.0),
        cc_o=dict(type='L1Loss', loss_weight=10.0),
        cgc_g=dict(type='L1Loss', loss_weight=10.0),
        cgc_o=dict(type='L1Loss', loss_weight=10.0),
        rec_c=dict(type='L1Loss', loss_weight=1.0),
        rec_s=dict(type='L1Loss', loss_weight=1.0))
    supported_losses = tuple(default_losses)

    def __init__(self, domains, networks: dict, style_dim: int = 8,
                 obj_size: int = 128,
                 discriminator_o: Optional[dict] = None, **kwargs) -> None:
        super().__init__(domains, **kwargs)
        n = len(self.domains)
        if n < 2:
            raise ValueError(f'CGL needs >= 2 domains, got {self.domains}')
        missing = [k for k in KINDS if k not in networks]
        if missing:
            raise KeyError(f'CGL networks must give {list(KINDS)}; missing '
                           f'{missing}')
        self.style_dim = int(style_dim)
        self.obj_size = obj_size
        # what CGL derives: the style length, the domain count and the
        # content width
        filled = dict(
            style_encoder=dict(in_channels=3 + n, style_dim=style_dim),
            decoder=dict(style_dim=style_dim + n,
                         content_channels=content_width(
                             networks['content_encoder'])),
            discriminator=dict(num_classes=n))
        for branch in ('g', 'o'):
            for kind in KINDS:
                cfg = networks[kind]
                if kind == 'discriminator' and branch == 'o' and \
                        discriminator_o is not None:
                    cfg = discriminator_o
                cfg = fill_args(cfg, kind, **filled.get(kind, {}))
                self.add_module(f'{kind}_{branch}', MODELS.build(cfg))

    @property
    def input_slots(self):
        return ('source', 'reference')

    # -- codes ------------------------------------------------------------
    def onehot(self, label: Tensor) -> Tensor:
        return F.one_hot(label, len(self.domains)).float()

    def content(self, x: Tensor, branch: str) -> Tensor:
        return self._modules[f'content_encoder_{branch}'](x)

    def style(self, x: Tensor, label: Tensor, branch: str) -> Tensor:
        """E^s(x, z_d): the style encoder sees the image's domain label."""
        enc = self._modules[f'style_encoder_{branch}']
        return enc(tile_label(x, label, len(self.domains)))

    def decode(self, c: Tensor, s: Tensor, label: Tensor,
               branch: str) -> Tensor:
        """G(c, s, z_d): the decoder's MLP takes the style and the target
        label."""
        dec = self._modules[f'decoder_{branch}']
        return dec(c, torch.cat([s, self.onehot(label).to(s)], 1))

    def objects(self, inp: dict):
        """(crops, weight): one random instance per image; images without
        any give their whole image at weight 0 (DDP calls every network)."""
        pick = pick_instances(inp['valid'])
        if pick.any(dim=1).all():
            crops, _ = crop_instances(inp['img'], inp['boxes'], pick,
                                      self.obj_size)
            return crops, 1.0
        size = (self.obj_size, self.obj_size)
        return F.interpolate(inp['img'], size, mode='bilinear',
                             align_corners=False), 0.0

    # -- training -------------------------------------------------------
    def forward_train(self, inputs: dict, ctx: StepContext) -> dict:
        src, ref = inputs['source'], inputs['reference']
        zi, zj = src['domain'], ref['domain']
        if (zi < 0).any() or (zj < 0).any():
            raise ValueError("CGL needs domain labels: train with the "
                             "dataset's sampling='pair'")
        xi, xj = src['img'], ref['img']
        oi, wi = self.objects(src)
        oj, wj = self.objects(ref)
        out = dict(x=(xi, xj), z=(zi, zj), o=(oi, oj), w_obj=min(wi, wj))
        cg = (self.content(xi, 'g'), self.content(xj, 'g'))
        sg = (self.style(xi, zi, 'g'), self.style(xj, zj, 'g'))
        co = (self.content(oi, 'o'), self.content(oj, 'o'))
        so = (self.style(oi, zi, 'o'), self.style(oj, zj, 'o'))
        z = (zi, zj)
        # eq. 6 forward: u[k] / v[k] belong to domain k, content of the
        # other image, style of image k
        out['u'] = (self.decode(cg[1], sg[0], zi, 'g'),
                    self.decode(cg[0], sg[1], zj, 'g'))
        out['v'] = (self.decode(co[1], so[0], zi, 'o'),
                    self.decode(co[0], so[1], zj, 'o'))
        # eqs. 1-2 with a random style ("random or reference style codes"):
        # x_i in a random style, labelled as x_j's domain
        s_rand = torch.randn_like(sg[0])
        out['rand_g'] = self.decode(cg[0], s_rand, zj, 'g')
        if not ctx.updates('generators'):
            return out
        u, v = out['u'], out['v']
        # eq. 3: reconstructions
        out['rec_img'] = tuple(
            self.decode(cg[k], sg[k], z[k], 'g') for k in (0, 1))
        out['rec_obj'] = tuple(
            self.decode(co[k], so[k], z[k], 'o') for k in (0, 1))
        # eq. 6 backward: image k from the content of u[1 - k] (its own)
        # and the style of u[k]
        out['cc_g'] = tuple(
            self.decode(self.content(u[1 - k], 'g'),
                        self.style(u[k], z[k], 'g'), z[k], 'g')
            for k in (0, 1))
        out['cc_o'] = tuple(
            self.decode(self.content(v[1 - k], 'o'),
                        self.style(v[k], z[k], 'o'), z[k], 'o')
            for k in (0, 1))
        # eq. 7 (k = the source image, l = the reference's instance: two
        # different domains): the instance content in the global style
        o_hat = self.decode(co[1], sg[0], zi, 'g')
        s_hat = self.style(o_hat, zi, 'o')
        out['cgc_g'] = self.decode(cg[0], s_hat, zi, 'g')
        out['cgc_o'] = self.decode(self.content(o_hat, 'o'), so[1], zj, 'o')
        # eqs. 4-5: codes back from an instance in the other image's global
        # style, and from a global image in a random style
        fake_o = self.decode(co[0], sg[1], zj, 'o')
        fake_g = out['rand_g']
        out['rec_c'] = ((self.content(fake_o, 'o'), co[0]),
                        (self.content(fake_g, 'g'), cg[0]))
        out['rec_s'] = ((self.style(fake_o, zj, 'o'), sg[1]),
                        (self.style(fake_g, zj, 'g'), s_rand))
        return out

    def generator_loss(self, inputs: dict, outputs: dict,
                       ctx: StepContext) -> dict:
        ls = self.losses
        xi, xj = outputs['x']
        oi, oj = outputs['o']
        zi, zj = outputs['z']
        w = outputs['w_obj']
        losses = {}
        for branch, fakes, labels, weight in (
                ('g', outputs['u'] + (outputs['rand_g'], ), (zi, zj, zj),
                 1.0), ('o', outputs['v'], (zi, zj), w)):
            disc = self._modules[f'discriminator_{branch}']
            gan, cls = 0, 0
            for fake, label in zip(fakes, labels):
                src, logits = disc(fake)
                gan = gan + ls['gan'](src, True)
                cls = cls + ls['cls'](logits, label)
            losses[f'loss_gan_{branch}'] = weight * gan
            losses[f'loss_cls_fake_{branch}'] = weight * cls
        x, o = (xi, xj), (oi, oj)
        losses['loss_rec_img'] = sum(
            ls['rec_img'](outputs['rec_img'][k], x[k]) for k in (0, 1))
        losses['loss_rec_obj'] = w * sum(
            ls['rec_obj'](outputs['rec_obj'][k], o[k]) for k in (0, 1))
        losses['loss_cc_g'] = sum(
            ls['cc_g'](outputs['cc_g'][k], x[k]) for k in (0, 1))
        losses['loss_cc_o'] = w * sum(
            ls['cc_o'](outputs['cc_o'][k], o[k]) for k in (0, 1))
        losses['loss_cgc_g'] = ls['cgc_g'](outputs['cgc_g'], xi)
        losses['loss_cgc_o'] = w * ls['cgc_o'](outputs['cgc_o'], oj)
        losses['loss_rec_c'] = sum(
            ls['rec_c'](a, b.detach()) for a, b in outputs['rec_c'])
        losses['loss_rec_s'] = sum(
            ls['rec_s'](a, b.detach()) for a, b in outputs['rec_s'])
        return losses

    def discriminator_loss(self, inputs: dict, outputs: dict,
                           ctx: StepContext) -> dict:
        """Per discriminator, eqs. 1-2 and 9 as expectations: E[-D(real)]
        over both images of the pair, E[D(fake)] over every translation
        it judges (for D_g also the random-style one), E[CE] of the reals'
        domains, and the gradient penalty. Equal weights for the real and
        the fake expectation matter: WGAN's loss is then unchanged by a
        constant added to D, while a sum over 2 reals and 3 fakes would
        push D's level down without end."""
        gan, ls = self.losses['gan'], self.losses
        labels = torch.cat(outputs['z'])
        losses = {}
        for branch, reals, fakes, weight in (
                ('g', outputs['x'], outputs['u'] + (outputs['rand_g'], ),
                 1.0),
                ('o', outputs['o'], outputs['v'], outputs['w_obj'])):
            disc = self._modules[f'discriminator_{branch}']
            real, fake = torch.cat(reals), torch.cat(fakes)
            src_real, cls_real = disc(real)
            src_fake, _ = disc(fake)
            gp = ls[f'gp_{branch}']
            losses[f'loss_disc_{branch}'] = weight * (
                gan(src_real, True, is_disc=True) +
                gan(src_fake, False, is_disc=True))
            losses[f'loss_cls_real_{branch}'] = weight * ls['cls'](
                cls_real, labels)
            losses[f'loss_gp_{branch}'] = weight * gp(
                disc, real, torch.cat(fakes[:len(reals)]))
            if hasattr(gp, 'weight'):  # the adaptive lambda, logged
                losses[f'gp_weight_{branch}'] = gp.weight.detach().float()
        return losses

    # -- inference --------------------------------------------------------
    def translate(self, img, source, target, masks=None, valid=None,
                  style=None) -> Dict[str, Tensor]:
        """Global branch only (Fig. 2a-b): ``style`` None samples N(0, I)
        codes, or a (B, style_dim) code (e.g. :meth:`encode_style` of a
        reference)."""
        if style is None:
            style = self.sample_style(len(img), target, img.device)
        label = self.domain_labels(target, len(img), img.device)
        return dict(
            img=self.decode(self.content(img, 'g'), style, label, 'g'))

    def encode_style(self, img, domain, masks=None, valid=None) -> Tensor:
        label = self.domain_labels(domain, len(img), img.device)
        return self.style(img, label, 'g')

    def get_visuals(self, inputs: dict) -> dict:
        """The input, then a random-style translation to every domain."""
        key = 'source' if 'source' in inputs else next(iter(inputs))
        img = inputs[key]['img']
        src = self.domains[0] if key == 'source' else key
        visuals = OrderedDict(input=img)
        for d in self.domains:
            visuals[f'to_{d}'] = self.translate(img, src, d)['img']
        return visuals
