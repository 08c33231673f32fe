"""MGD-GAN (Su, Song, Gao, Zhu. Towards Unsupervised Deformable-Instances
Image-to-Image Translation. IJCAI 2021)."""
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn as nn
from torch import Tensor

from mmi2i.registry import INPAINTERS, MODELS
from mmi2i.structures import from_uint8, to_signed, to_uint8, union_mask
from ...base_models import BaseTranslationModel, StepContext
from ...utils import fill_args
from .image_generation import blend, segmentation_input, union
from .losses import adv_d, adv_g


@MODELS.register_module()
class MGDGAN(BaseTranslationModel):
    """Masks Morph, image generation with designed supervision, reversal
    fine-tuning: three training stages of one model.

    Children (each called through its own DDP wrapper):
    ``mask_generator`` (G_mask, one for every domain, conditioned on the
    target label), ``mask_discriminator`` (D_mask, conditioned on the
    label), ``image_generator`` (G_img, APADE) and ``image_discriminator``
    (D_img, SPADE's multi-scale discriminator on [M'_seg; image]).

    Stages (``stages=[dict(name=..., iters=...)]``, in this order):

    * ``mask`` (Sec. 2.1): G_mask and D_mask; eqs. 3-8.
    * ``image`` (Sec. 2.2): G_img and D_img on designed pairs: a
      target-domain image's inpainted background (``background`` from the
      pipeline, :class:`LoadInpaintedBackground`) and its real masks must
      give back the image; hinge GAN, feature matching, VGG, fusion-map
      BCE (eqs. 9-11).
    * ``finetune`` (Sec. 2.3): G_mask alone, through the frozen G_img and
      D_img: translated masks must make images D_img accepts; the
      stage-1 mask objective (D_mask frozen) keeps the masks in the
      target distribution (without it the image GAN alone fragments
      them on the toy data).
    * ``e2e`` (Table 2, baseline E): no designed supervision; G_mask and
      G_img are trained together from the start, the translation's image
      judged by D_img against real target images with their masks, plus
      the stage-1 mask objective.

    Ablations (Table 2): ``loss_overrides=dict(completeness=None,
    size_penalty=None)`` removes L_reg (B), ``dict(consistency=None)``
    L_const (C); stages without ``finetune`` is D; a single ``e2e`` stage
    is E (``configs/mgd_gan/sheep2giraffe_*.py``).

    Inference: G_mask morphs all masks of a batch at once, the source
    background is inpainted (``inpainter``) and G_img synthesizes the
    instances on it.

    Args:
        mask_generator, mask_discriminator, image_generator,
        image_discriminator (dict): Network configs.
        domains (Sequence[str]): Domain names; the label of a domain is its
            index.
        losses (dict): Loss configs (:attr:`supported_losses`); defaults
            to the paper's weights (:attr:`default_losses`).
        inpainter (dict): ``INPAINTERS`` config used at inference.
        mask_threshold (float): Translated masks are ``> threshold``.
        **kwargs: See :class:`BaseTranslationModel` (``stages``!).
    """

    uses_instances = True

    stage_names = ('mask', 'image', 'finetune', 'e2e')
    #: the paper's weights: lambda_pc = lambda_com = lambda_fmap =
    #: lambda_vgg = lambda_feat = 10, lambda_const = lambda_reg = 1,
    #: lambda_penalty = 0.1 (lambda_reg multiplies com and penalty)
    default_losses = dict(
        mask_gan=dict(type='GANLoss', gan_type='hinge', loss_weight=1.0),
        pseudo_cycle=dict(type='MGDGANLoss', term='pseudo_cycle',
                          loss_weight=10.0),
        consistency=dict(type='MGDGANLoss', term='mask_consistency',
                         loss_weight=1.0),
        completeness=dict(type='MGDGANLoss', term='mask_completeness',
                          loss_weight=10.0),
        size_penalty=dict(type='MGDGANLoss', term='mask_size_penalty',
                          loss_weight=0.1),
        image_gan=dict(type='GANLoss', gan_type='hinge', loss_weight=1.0),
        fusion_map=dict(type='MGDGANLoss', term='fusion_map_bce',
                        loss_weight=10.0),
        feature_matching=dict(type='MGDGANLoss', term='feature_matching',
                              loss_weight=10.0),
        vgg=dict(type='VGGPerceptualLoss', loss_weight=10.0))
    supported_losses = tuple(default_losses)

    optim_group_prefixes = {
        'mask_generator': ('mask_generator', ),
        'mask_discriminator': ('mask_discriminator', ),
        'image_generator': ('image_generator', ),
        'image_discriminator': ('image_discriminator', ),
    }

    def __init__(self,
                 mask_generator: dict,
                 mask_discriminator: dict,
                 image_generator: dict,
                 image_discriminator: dict,
                 domains: Sequence[str] = ('A', 'B'),
                 losses: Optional[dict] = None,
                 inpainter: Optional[dict] = None,
                 mask_threshold: float = 0.5,
                 **kwargs) -> None:
        if not kwargs.get('stages'):
            raise ValueError(
                f'MGDGAN trains in stages: set model.stages, e.g. '
                f"[dict(name=s, epochs=E) for s in {self.stage_names}] "
                '(configs/mgd_gan/README.md)')
        super().__init__(domains, losses=losses, **kwargs)
        n = len(self.domains)
        # what the domain count decides (a config stating another value
        # is refused, not silently overridden)
        self.mask_generator = MODELS.build(
            fill_args(mask_generator, 'mask_generator', num_domains=n))
        self.mask_discriminator = MODELS.build(
            fill_args(mask_discriminator, 'mask_discriminator',
                      num_domains=n))
        self.image_generator = MODELS.build(
            fill_args(image_generator, 'image_generator', num_domains=n))
        # the image, the union mask and the one-hot domain planes
        self.image_discriminator = MODELS.build(
            fill_args(image_discriminator, 'image_discriminator',
                      in_channels=3 + (3 + n)))
        self.inpainter = INPAINTERS.build(
            inpainter or dict(type='OpenCVInpainter'))
        self.mask_threshold = mask_threshold

    # ------------------------------------------------------------------
    # stages
    def stage_groups(self, stage):
        return dict(
            mask=(('mask_generator', ), ('mask_discriminator', )),
            image=(('image_generator', ), ('image_discriminator', )),
            finetune=(('mask_generator', ), ()),
            e2e=(('mask_generator', 'image_generator'),
                 ('mask_discriminator', 'image_discriminator')))[stage]

    def discriminator_modules(self) -> List[nn.Module]:
        return [self.mask_discriminator, self.image_discriminator]

    def frozen_modules(self, stage: str) -> List[nn.Module]:
        frozen = self.discriminator_modules()
        if stage == 'finetune':
            frozen.append(self.image_generator)
        return frozen

    # ------------------------------------------------------------------
    @staticmethod
    def _flat(inp: dict) -> Tuple[Tensor, Tensor, Tensor]:
        """Instances of a domain's batch as (M, 1, H, W) masks, their image
        index and a weight: an image-less set becomes one empty dummy
        mask of weight 0, so every network runs on every rank (DDP)."""
        masks, valid = inp['masks'], inp['valid']
        if bool(valid.any()):
            return (masks[valid][:, None], valid.nonzero(as_tuple=True)[0],
                    masks.new_ones(()))
        dummy = masks.new_zeros(1, 1, *inp['img'].shape[-2:])
        return (dummy, torch.zeros(1, dtype=torch.long,
                                   device=masks.device), masks.new_zeros(()))

    def _directions(self):
        a, b = self.domains[0], self.domains[1]
        return ((a, b), (b, a)) if len(self.domains) == 2 else tuple(
            (s, t) for s in self.domains for t in self.domains if s != t)

    def forward_train(self, inputs: dict, ctx: StepContext) -> dict:
        stage = ctx.stage
        out = {}
        if stage in ('mask', 'finetune', 'e2e'):
            for s, t in self._directions():
                masks, index, w = self._flat(inputs[s])
                m = len(masks)
                # target and source label in one pass (eq. 5)
                both = self.mask_generator(
                    inputs[s]['img'], torch.cat([masks, masks]),
                    torch.cat([index, index]),
                    torch.cat([self.domain_labels(t, m, masks.device),
                               self.domain_labels(s, m, masks.device)]))
                levels = [x[:m] for x in both]
                out[f'regen_{s}'] = both[-1][m:]
                out[f'masks_{s}2{t}'] = levels
                out[f'src_masks_{s}'] = (masks, index, w)
                if stage in ('finetune', 'e2e'):
                    out[f'img_{s}2{t}'] = self._synthesize(
                        inputs[s]['background'], levels[-1], index, t,
                        len(inputs[s]['img']))
        if stage == 'image':
            for d in self.domains:
                masks, index, w = self._flat(inputs[d])
                b = len(inputs[d]['img'])
                seg = segmentation_input(
                    masks, index, self.domain_labels(d, b, masks.device), b,
                    len(self.domains))
                fg, alpha = self.image_generator(inputs[d]['background'],
                                                 seg)
                out[f'restored_{d}'] = blend(fg, inputs[d]['background'],
                                             alpha)
                out[f'alpha_{d}'] = alpha
                out[f'seg_{d}'] = seg
                out[f'union_{d}'] = union(masks, index, b)
        return out

    def _synthesize(self, background: Tensor, masks: Tensor, index: Tensor,
                    target: str, batch: int) -> dict:
        seg = segmentation_input(
            masks, index, self.domain_labels(target, batch, masks.device),
            batch, len(self.domains))
        fg, alpha = self.image_generator(background, seg)
        return dict(img=blend(fg, background, alpha), seg=seg)

    # ------------------------------------------------------------------
    def _mask_terms(self, levels: List[Tensor], w: Tensor) -> dict:
        """L_const and L_reg's two terms, those the model has (the
        ablations remove them with ``loss_overrides``)."""
        terms = dict(consistency=lambda: levels,
                     completeness=lambda: levels[-1],
                     size_penalty=lambda: levels[-1])
        return {k: w * self.losses[k](arg())
                for k, arg in terms.items() if k in self.losses}

    def _image_gan_g(self, seg: Tensor, img: Tensor) -> Tensor:
        preds = self.image_discriminator(torch.cat([seg, img], 1))
        return adv_g(self.losses['image_gan'], [p[-1] for p in preds])

    def generator_loss(self, inputs: dict, outputs: dict,
                       ctx: StepContext) -> dict:
        stage = ctx.stage
        losses = {}
        if stage in ('mask', 'finetune', 'e2e'):
            for s, t in self._directions():
                levels = outputs[f'masks_{s}2{t}']
                masks, index, w = outputs[f'src_masks_{s}']
                for k, v in self._mask_terms(levels, w).items():
                    losses[f'loss_{k}_{s}2{t}'] = v
                if stage in ('finetune', 'e2e'):
                    syn = outputs[f'img_{s}2{t}']
                    losses[f'loss_img_gan_{s}2{t}'] = w * self._image_gan_g(
                        syn['seg'], syn['img'])
                preds = self.mask_discriminator(
                    levels[-1],
                    self.domain_labels(t, len(masks), masks.device))
                losses[f'loss_mask_gan_{s}2{t}'] = w * adv_g(
                    self.losses['mask_gan'], preds)
                losses[f'loss_pc_{s}'] = w * self.losses['pseudo_cycle'](
                    masks, outputs[f'regen_{s}'])
        if stage == 'image':
            for d in self.domains:
                real, fake = inputs[d]['img'], outputs[f'restored_{d}']
                seg = outputs[f'seg_{d}']
                fake_feats = self.image_discriminator(torch.cat([seg, fake],
                                                                1))
                with torch.no_grad():
                    real_feats = self.image_discriminator(
                        torch.cat([seg, real], 1))
                losses[f'loss_img_gan_{d}'] = adv_g(
                    self.losses['image_gan'], [p[-1] for p in fake_feats])
                losses[f'loss_feat_{d}'] = self.losses['feature_matching'](
                    [p[:-1] for p in real_feats],
                    [p[:-1] for p in fake_feats])
                losses[f'loss_fmap_{d}'] = self.losses['fusion_map'](
                    outputs[f'alpha_{d}'], outputs[f'union_{d}'])
                if 'vgg' in self.losses:
                    losses[f'loss_vgg_{d}'] = self.losses['vgg'](fake, real)
        return losses

    def discriminator_loss(self, inputs: dict, outputs: dict,
                           ctx: StepContext) -> dict:
        stage = ctx.stage
        losses = {}
        if stage in ('mask', 'e2e'):
            for s, t in self._directions():
                fake = outputs[f'masks_{s}2{t}'][-1]
                _, _, w_fake = outputs[f'src_masks_{s}']
                real, _, w_real = self._flat(inputs[t])
                p_fake = self.mask_discriminator(
                    fake, self.domain_labels(t, len(fake), fake.device))
                p_real = self.mask_discriminator(
                    real, self.domain_labels(t, len(real), real.device))
                losses[f'loss_mask_disc_{t}'] = adv_d(
                    self.losses['mask_gan'], p_real, p_fake, w_real, w_fake)
        if stage == 'image':
            for d in self.domains:
                seg = outputs[f'seg_{d}']
                p_fake = self.image_discriminator(
                    torch.cat([seg, outputs[f'restored_{d}']], 1))
                p_real = self.image_discriminator(
                    torch.cat([seg, inputs[d]['img']], 1))
                losses[f'loss_img_disc_{d}'] = adv_d(
                    self.losses['image_gan'], [p[-1] for p in p_real],
                    [p[-1] for p in p_fake])
        if stage == 'e2e':  # translations against real target images
            for s, t in self._directions():
                syn = outputs[f'img_{s}2{t}']
                masks, index, _ = self._flat(inputs[t])
                b = len(inputs[t]['img'])
                seg = segmentation_input(
                    masks, index, self.domain_labels(t, b, masks.device), b,
                    len(self.domains))
                p_real = self.image_discriminator(
                    torch.cat([seg, inputs[t]['img']], 1))
                p_fake = self.image_discriminator(
                    torch.cat([syn['seg'], syn['img']], 1))
                losses[f'loss_img_disc_{t}'] = adv_d(
                    self.losses['image_gan'], [p[-1] for p in p_real],
                    [p[-1] for p in p_fake])
        return losses

    # ------------------------------------------------------------------
    def inpaint(self, img: Tensor, masks: Tensor, valid: Tensor) -> Tensor:
        """Backgrounds of a batch: the instances removed by the
        inpainter (images in [-1, 1])."""
        out = []
        for i in range(len(img)):
            u8 = to_uint8(img[i].permute(1, 2, 0)).cpu().numpy()
            keep = valid[i]
            union = (masks[i][keep] > 0.5).any(0).cpu().numpy() if bool(
                keep.any()) else np.zeros(u8.shape[:2], bool)
            bg = self.inpainter(u8, union)
            out.append(from_uint8(torch.from_numpy(bg).permute(2, 0, 1)))
        return torch.stack(out).to(img.device)

    @torch.no_grad()
    def translate(self, img, source, target, masks=None, valid=None,
                  style=None) -> Dict[str, Tensor]:
        """Morph every mask of the batch at once, inpaint the source
        background and synthesize the translated instances on it."""
        b, h, w = img.shape[0], *img.shape[-2:]
        if masks is None or not bool(valid.any()):
            empty = img.new_zeros(b, 0, h, w)
            return dict(img=img, masks=empty,
                        mask_valid=empty.new_zeros(b, 0, dtype=torch.bool))
        inp = dict(img=img, masks=masks, valid=valid)
        flat, index, _ = self._flat(inp)
        fine = self.mask_generator(
            img, flat, index,
            self.domain_labels(target, len(flat), img.device))[-1]
        binary = (fine > self.mask_threshold).to(img.dtype)
        out_masks = img.new_zeros(masks.shape)
        out_masks[valid] = binary[:, 0]
        background = self.inpaint(img, masks, valid)
        syn = self._synthesize(background, binary, index, target, b)
        has = valid.any(1)[:, None, None, None]
        return dict(img=torch.where(has, syn['img'], img),
                    masks=to_signed(out_masks), mask_valid=valid)

    def get_visuals(self, inputs: dict) -> dict:
        """Per source domain: input, its masks, translated masks and the
        translation."""
        visuals = {}
        for s, t in self._directions():
            inp = inputs[s]
            out = self.translate(inp['img'], s, t, inp['masks'],
                                 inp['valid'])
            visuals[s] = {
                s: inp['img'],
                f'{s}_mask': to_signed(union_mask(inp['masks'],
                                                  inp['valid'])),
                f'{s}2{t}_mask': to_signed(union_mask(
                    (out['masks'] > 0).float(), out['mask_valid'])),
                f'{s}2{t}': out['img'],
            }
        return visuals
