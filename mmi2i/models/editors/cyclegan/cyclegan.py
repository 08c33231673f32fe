"""CycleGAN (Zhu et al., 2017) and CycleGAN+Seg (InstaGAN's baseline)."""
from collections import OrderedDict
from typing import Dict

import torch
from torch import Tensor

from mmi2i.registry import MODELS
from mmi2i.structures import to_signed, union_mask
from ...base_models import StepContext, TwoDomainTranslationModel
from ...utils import fill_args


@MODELS.register_module()
class CycleGAN(TwoDomainTranslationModel):
    """CycleGAN between two domains.

    Networks and buffers: see :class:`TwoDomainTranslationModel`.

    Args:
        generator (dict): Generator config, built twice.
        discriminator (dict): Discriminator config, built twice.
        domains (Sequence[str]): Names of domains A and B.
        losses (dict): ``gan`` (required), ``cycle``, ``identity`` and
            optionally ``gp`` (:class:`GradientPenaltyLoss`). Defaults to
            :attr:`default_losses`.
        **kwargs: See :class:`BaseTranslationModel`.
    """

    #: LSGAN, cycle L1 (lambda 10) and identity L1 (0.5 x lambda).
    default_losses = dict(
        gan=dict(type='GANLoss', gan_type='lsgan', loss_weight=1.0),
        cycle=dict(type='L1Loss', loss_weight=10.0),
        identity=dict(type='L1Loss', loss_weight=5.0))
    supported_losses = ('gan', 'cycle', 'identity', 'gp')
    #: Channels of a domain's network input and output (:meth:`pack`):
    #: the image. Filled into the networks' configs.
    channels = 3

    def __init__(self, generator: dict, discriminator: dict, *args,
                 **kwargs) -> None:
        c = self.channels
        super().__init__(
            fill_args(generator, 'generator', in_channels=c, out_channels=c),
            fill_args(discriminator, 'discriminator', in_channels=c), *args,
            **kwargs)

    # -- how a domain's inputs enter and leave the networks ------------
    def pack(self, inp: Dict[str, Tensor]) -> Tensor:
        """Network input of one domain (CycleGAN: the image)."""
        return inp['img']

    def unpack(self, x: Tensor) -> Dict[str, Tensor]:
        """Split a network output into named parts."""
        return dict(img=x)

    # -- training -------------------------------------------------------
    def forward_train(self, inputs: dict, ctx: StepContext) -> dict:
        return self.cycle(inputs)

    def cycle(self, inputs: dict) -> dict:
        """Both translations and their reconstructions."""
        a, b = self.domains
        real_a, real_b = self.pack(inputs[a]), self.pack(inputs[b])
        fake_b = self.generator_ab(real_a)
        fake_a = self.generator_ba(real_b)
        return dict(
            real_a=real_a,
            real_b=real_b,
            fake_a=fake_a,
            fake_b=fake_b,
            rec_a=self.generator_ba(fake_b),
            rec_b=self.generator_ab(fake_a))

    def generator_loss(self, inputs: dict, outputs: dict,
                       ctx: StepContext) -> dict:
        a, b = self.domains
        gan = self.losses['gan']
        losses = {
            f'loss_gan_{b}': gan(self.discriminator_b(outputs['fake_b']),
                                 True),
            f'loss_gan_{a}': gan(self.discriminator_a(outputs['fake_a']),
                                 True),
        }
        if 'cycle' in self.losses:
            cycle = self.losses['cycle']
            losses[f'loss_cycle_{a}'] = cycle(outputs['rec_a'],
                                              outputs['real_a'])
            losses[f'loss_cycle_{b}'] = cycle(outputs['rec_b'],
                                              outputs['real_b'])
        if 'identity' in self.losses:
            idt = self.losses['identity']
            # G_ba should leave a domain-A input unchanged and vice versa
            losses[f'loss_idt_{a}'] = idt(
                self.generator_ba(outputs['real_a']), outputs['real_a'])
            losses[f'loss_idt_{b}'] = idt(
                self.generator_ab(outputs['real_b']), outputs['real_b'])
        return losses

    def _disc_loss(self, disc, real: Tensor, fake: Tensor) -> Tensor:
        gan = self.losses['gan']
        loss = (gan(disc(real), True, is_disc=True) +
                gan(disc(fake), False, is_disc=True))
        loss = loss * self.disc_loss_scale
        if 'gp' in self.losses:
            loss = loss + self.losses['gp'](disc, real, fake)
        return loss

    def discriminator_loss(self, inputs: dict, outputs: dict,
                           ctx: StepContext) -> dict:
        a, b = self.domains
        fake_b, = self.pool_b.query(outputs['fake_b'])
        fake_a, = self.pool_a.query(outputs['fake_a'])
        return {
            f'loss_disc_{b}':
            self._disc_loss(self.discriminator_b, outputs['real_b'], fake_b),
            f'loss_disc_{a}':
            self._disc_loss(self.discriminator_a, outputs['real_a'], fake_a),
        }

    # -- inference --------------------------------------------------------
    def translate(self, img, source, target, masks=None, valid=None,
                  style=None) -> Dict[str, Tensor]:
        inp = dict(img=img, masks=masks, valid=valid)
        return self.unpack(self.generator_for(source, target)(self.pack(inp)))

    def get_visuals(self, inputs: dict) -> dict:
        """Per source domain: input, translation, reconstruction (and the
        mask channel of each for CycleGAN+Seg)."""
        a, b = self.domains
        out = self.cycle(inputs)
        rows = {a: (out['real_a'], out['fake_b'], out['rec_a']),
                b: (out['real_b'], out['fake_a'], out['rec_b'])}
        visuals = OrderedDict()
        for src, tensors in rows.items():
            tgt = b if src == a else a
            group = OrderedDict()
            for name, t in zip((src, f'{src}2{tgt}', f'{src}_rec'), tensors):
                parts = self.unpack(t)
                group[name] = parts['img']
                if 'masks' in parts:
                    group[f'{name}_mask'] = parts['masks']
            visuals[src] = group
        return visuals


@MODELS.register_module()
class CycleGANSeg(CycleGAN):
    """CycleGAN+Seg: the union of the instance masks is an extra input and
    output channel of the generators and an extra discriminator input
    (InstaGAN paper, ablation baseline); the networks get 4 channels.
    """

    channels = 4

    def pack(self, inp: Dict[str, Tensor]) -> Tensor:
        img = inp['img']
        masks = inp.get('masks')
        if masks is None:
            raise ValueError('CycleGANSeg needs instance masks')
        seg = to_signed(union_mask(masks, inp['valid']))
        return torch.cat([img, seg], dim=1)

    def unpack(self, x: Tensor) -> Dict[str, Tensor]:
        return dict(img=x[:, :3], masks=x[:, 3:],
                    mask_valid=x.new_ones(x.shape[0], 1, dtype=bool))
