"""InstaGAN (Mo, Cho, Shin. Instance-aware Image-to-Image Translation.
ICLR 2019)."""
import math
from functools import partial
from typing import Dict, Optional, Sequence, Tuple

import torch
import torch.distributed as dist
from torch import Tensor

from mmi2i.registry import MODELS
from mmi2i.structures import to_signed
from ...base_models import StepContext, TwoDomainTranslationModel
from .losses import (CONTEXT_WEIGHTS, binary_union, set_channels,
                     valid_mean_weight)


def _pad_set(masks: Tensor, valid: Tensor, n: int) -> Tuple[Tensor, Tensor]:
    """Pad or cut a (B, N, H, W) set (and its validity) to ``n`` slots."""
    b, cur = masks.shape[:2]
    if cur >= n:
        return masks[:, :n], valid[:, :n]
    pad = -masks.new_ones((b, n - cur, *masks.shape[2:]))
    return (torch.cat([masks, pad], 1),
            torch.cat([valid, valid.new_zeros(b, n - cur)], 1))


@MODELS.register_module()
class InstaGAN(TwoDomainTranslationModel):
    """Instance-aware translation of an image and its instance masks.

    Children: ``generator_ab``, ``generator_ba`` (:class:`InstaGANGenerator`),
    ``discriminator_a``, ``discriminator_b`` (:class:`SetPatchDiscriminator`)
    and history buffers ``pool_a``, ``pool_b`` of (image, padded mask set).

    Training is sequential (Sec. 2.3): instances (sorted by decreasing
    visible area after the data pipeline's crop and flip, the largest
    ``ins_max`` used) are split into mini-batches of ``ins_per``; step m
    translates the image produced by step m-1 with the m-th subset, content
    losses use the current subset, the GAN loss the image with all masks
    translated so far, and every step is detached from the previous one, so
    memory does not grow with the number of instances. Each step updates G
    and D. Samples of a batch with fewer instances stop early (they are
    left out of later steps); a direction with no instances left gives its
    discriminator no loss (as the official code); an image without
    instances makes one step with an empty set.

    Loss forms follow the authors' code (``configs/instagan/README.md``
    lists where it differs from the paper's text):

    * ``set_loss='joint'``: cycle and identity are one L1 over the
      concatenation [image; the subset's ``ins_per`` mask slots] (padded
      slots count with zero error), times ``loss_weight``; ``'split'``
      weights the image term and the mean valid-mask term separately.
    * ``context_weight='soft'``: the context loss weight is
      ``1 - clamp(sum((m + 1) / 2), 0, 1)`` over the subset's real and
      translated masks, differentiable in the translated masks;
      ``'binary'`` is the paper's text (background in both binarized masks).

    Args:
        generator (dict): Generator config, built twice.
        discriminator (dict): Discriminator config, built twice.
        domains (Sequence[str]): Names of domains A and B.
        losses (dict): ``gan``, ``cycle``, ``identity``, ``context``.
            Defaults to :attr:`default_losses`.
        ins_max (int): Instances used per training image. Defaults to 4.
        ins_per (int): Instances per sequential mini-batch. Defaults to 2.
        test_ins_max (int): Instances translated at test time (20).
        sequential (bool): Sequential mini-batches (default) or one step
            with all instances (ablation).
        set_loss (str): ``'joint'`` (default) or ``'split'``.
        context_weight (str): ``'soft'`` (default) or ``'binary'``.
        batch_calls (bool): Run the calls of one generator within a step
            as one batch (translation of one domain + identity of the
            other). Same results to float rounding; slower on CPUs (cache),
            meant for GPUs. Defaults to False.
    """

    uses_instances = True

    #: LSGAN; cycle, identity and context losses with lambda = 10.
    default_losses = dict(
        gan=dict(type='GANLoss', gan_type='lsgan', loss_weight=1.0),
        cycle=dict(type='L1Loss', loss_weight=10.0),
        identity=dict(type='L1Loss', loss_weight=10.0),
        context=dict(type='L1Loss', loss_weight=10.0))
    supported_losses = ('gan', 'cycle', 'identity', 'context')

    def __init__(self,
                 generator: dict,
                 discriminator: dict,
                 domains: Sequence[str] = ('A', 'B'),
                 losses: Optional[dict] = None,
                 ins_max: int = 4,
                 ins_per: int = 2,
                 test_ins_max: int = 20,
                 sequential: bool = True,
                 set_loss: str = 'joint',
                 context_weight: str = 'soft',
                 batch_calls: bool = False,
                 **kwargs) -> None:
        if ins_per < 1 or ins_max < 1:
            raise ValueError('ins_per and ins_max must be >= 1')
        if set_loss not in ('joint', 'split'):
            raise ValueError(f"set_loss must be 'joint' or 'split', got "
                             f'{set_loss!r}')
        if context_weight not in CONTEXT_WEIGHTS:
            raise ValueError(f'context_weight must be one of '
                             f'{sorted(CONTEXT_WEIGHTS)}, got '
                             f'{context_weight!r}')
        super().__init__(generator, discriminator, domains, losses, **kwargs)
        self.ins_max = ins_max
        self.ins_per = ins_per
        self.test_ins_max = test_ins_max
        self.sequential = sequential
        self.set_loss = set_loss
        self.context_weight = context_weight
        self.batch_calls = batch_calls

    # ------------------------------------------------------------------
    def _nets(self, x: str):
        """(generator from x, generator to x, discriminator of the other
        domain, pool of the other domain) for x in 'a', 'b'."""
        if x == 'a':
            return (self.generator_ab, self.generator_ba,
                    self.discriminator_b, self.pool_b)
        return (self.generator_ba, self.generator_ab, self.discriminator_a,
                self.pool_a)

    def step_inputs(self, inputs, ctx, prev_step, prev_outputs):
        """Step ``ctx.step`` of the sequential mini-batch schedule, per
        direction ``x`` in 'a' (A->B) and 'b' (B->A), and the iteration's
        number of steps (``num_steps``, decided at step 0). The subset
        always has ``per`` mask slots (padded), as in the official
        code."""
        per = self.ins_per if self.sequential else self.ins_max
        index = ctx.step
        num_steps = (self._steps_needed(inputs, per)
                     if index == 0 else prev_step['num_steps'])
        if index >= num_steps:
            return None
        sl = slice(index * per, (index + 1) * per)
        step = dict(num_steps=num_steps)
        for x, d in zip('ab', self.domains):
            full = inputs[d]
            masks = to_signed(full['masks'][:, :self.ins_max])
            valid = full['valid'][:, :self.ins_max]
            sub, sub_valid = _pad_set(masks[:, sl], valid[:, sl], per)
            if index == 0:
                active = torch.ones(valid.shape[0], dtype=torch.bool,
                                    device=valid.device)
                img = full['img']
                agg, agg_valid = masks[:, :0], valid[:, :0]
            else:
                prev = prev_step[x]
                active = prev['active'] & sub_valid.any(1)
                agg_valid = torch.cat([prev['agg_valid'], prev['sub_valid']],
                                      1)
                if prev_step['live'][x]:
                    moved = prev['active'][:, None, None, None]
                    img = torch.where(moved,
                                      prev_outputs[f'fake_{OTHER[x]}'],
                                      prev['img'])
                    agg = torch.cat(
                        [prev['agg'], prev_outputs[f'fake_{OTHER[x]}_masks']],
                        1)
                else:  # skipped: nothing moved, its subset was empty
                    img = prev['img']
                    agg = torch.cat([prev['agg'], prev['masks']], 1)
            step[x] = dict(img=img, masks=sub, sub_valid=sub_valid,
                           active=active, agg=agg, agg_valid=agg_valid,
                           real_img=full['img'], real_masks=masks,
                           real_valid=valid)
        step['live'] = self._live_directions(step, ctx)
        return step

    @staticmethod
    def _live_directions(step: dict, ctx: StepContext) -> Dict[str, bool]:
        """The directions computed at this step: a direction none of whose
        samples has instances left is skipped, forward, losses and
        discriminator calls alike, as in the authors' code
        (``forward_A``/``forward_B``). In lockstep (DDP) both directions
        run at every step instead, times zero where inactive, since every
        rank must make the same calls."""
        if ctx.step == 0 or ctx.lockstep:
            return dict(a=True, b=True)
        return {x: bool(step[x]['active'].any()) for x in 'ab'}

    def _steps_needed(self, inputs: dict, per: int) -> int:
        """Steps of this iteration: enough for the sample with most
        instances, the same on every rank (each step runs collective
        gradient reductions, so all ranks must make the same number)."""
        counts = [
            int(inputs[d]['valid'][:, :self.ins_max].sum(1).max())
            if inputs[d]['valid'].numel() else 0 for d in self.domains
        ]
        steps = torch.tensor(max(1, math.ceil(max(counts) / per)))
        if dist.is_available() and dist.is_initialized():
            dist.all_reduce(steps, op=dist.ReduceOp.MAX)
        return int(steps)

    def forward_train(self, step: dict, ctx: StepContext) -> dict:
        """Outputs of the directions 'a' (A->B) and 'b' (B->A), as (image,
        masks) under ``<name>`` and ``<name>_masks``, named by the domain
        the image lies in (docs/design.md, as CycleGAN's): ``fake_b``, a's
        translation (G_AB(a)), ``fake_a``, b's; ``rec_a``, a's translation
        back (G_BA(fake_b)); ``idt_a`` (when the identity loss is used and
        gradients are on), a through the generator into A (G_BA(a)).
        """
        sa, sb = step['a'], step['b']
        want_idt = 'identity' in self.losses and torch.is_grad_enabled()
        outputs = {}
        if not all(step['live'].values()):
            # one direction has no instances left (single process)
            (x, ) = [x for x in 'ab' if step['live'][x]]
            gen, gen_inv = self._nets(x)[:2]
            s = step[x]
            fake = gen(s['img'], s['masks'], s['sub_valid'])
            if want_idt:
                outputs.update(_named(f'idt_{x}', gen_inv(
                    s['img'], s['masks'], s['sub_valid'])))
            outputs.update(_named(f'fake_{OTHER[x]}', fake), **_named(
                f'rec_{x}', gen_inv(*fake, s['sub_valid'])))
            return outputs
        if self.batch_calls and want_idt:
            # one call per generator: G_AB(a) with G_AB(b) (b's identity)
            (fake_b, idt_b), (fake_a, idt_a) = (
                _call_batched(self.generator_ab, sa, sb),
                _call_batched(self.generator_ba, sb, sa))
            outputs.update(_named('idt_b', idt_b), **_named('idt_a', idt_a))
        else:
            fake_b = self.generator_ab(sa['img'], sa['masks'],
                                       sa['sub_valid'])
            fake_a = self.generator_ba(sb['img'], sb['masks'],
                                       sb['sub_valid'])
            if want_idt:
                outputs.update(
                    _named('idt_a', self.generator_ba(
                        sa['img'], sa['masks'], sa['sub_valid'])),
                    **_named('idt_b', self.generator_ab(
                        sb['img'], sb['masks'], sb['sub_valid'])))
        rec_a = self.generator_ba(*fake_b, sa['sub_valid'])
        rec_b = self.generator_ab(*fake_a, sb['sub_valid'])
        outputs.update(_named('fake_a', fake_a), **_named('fake_b', fake_b),
                       **_named('rec_a', rec_a), **_named('rec_b', rec_b))
        return outputs

    def _set_l1(self, name: str, pred: Tensor, pred_masks: Tensor,
                img: Tensor, masks: Tensor, valid: Tensor) -> Tensor:
        """Cycle/identity L1 of an image and its mask subset."""
        loss = self.losses[name]
        if self.set_loss == 'joint':
            return loss(set_channels(pred, pred_masks, valid),
                        set_channels(img, masks, valid))
        out = loss(pred, img)
        if valid.any():
            out = out + loss(pred_masks, masks,
                             valid_mean_weight(valid, pred_masks))
        return out

    @staticmethod
    def _select(loss_fn, sel: Tensor, *tensors: Tensor) -> Tensor:
        """``loss_fn`` on the active samples ``sel``; with none active, a
        zero that still depends on the tensors (every network of every
        rank takes part in each backward pass, as DDP requires)."""
        if len(sel) == 0:
            return sum(t.sum() for t in tensors) * 0.0
        return loss_fn(*(t[sel] for t in tensors))

    def generator_loss(self, step: dict, outputs: dict,
                       ctx: StepContext) -> dict:
        losses = {}
        for x in 'ab':
            if not step['live'][x]:
                continue
            _, gen_inv, disc, _ = self._nets(x)
            s = step[x]
            sel = s['active'].nonzero(as_tuple=True)[0]
            src, tgt = self.domains if x == 'a' else self.domains[::-1]
            fake = outputs[f'fake_{OTHER[x]}']
            fake_masks = outputs[f'fake_{OTHER[x]}_masks']
            valid = s['sub_valid']
            agg = torch.cat([s['agg'], fake_masks], 1)
            agg_valid = torch.cat([s['agg_valid'], valid], 1)
            # GAN loss on the image with all masks translated so far
            pred = disc(fake, agg, agg_valid)
            losses[f'loss_gan_{tgt}'] = self._select(
                lambda p: self.losses['gan'](p, True), sel, pred)
            img, masks = s['img'], s['masks']
            if 'cycle' in self.losses:
                losses[f'loss_cycle_{src}'] = self._select(
                    partial(self._set_l1, 'cycle'), sel,
                    outputs[f'rec_{x}'], outputs[f'rec_{x}_masks'], img,
                    masks, valid)
            if 'identity' in self.losses:
                # the generator into x's domain leaves x's inputs unchanged
                losses[f'loss_idt_{src}'] = self._select(
                    partial(self._set_l1, 'identity'), sel,
                    outputs[f'idt_{x}'], outputs[f'idt_{x}_masks'], img,
                    masks, valid)
            if 'context' in self.losses:
                w = CONTEXT_WEIGHTS[self.context_weight](masks, valid,
                                                         fake_masks, valid)
                losses[f'loss_ctx_{src}'] = self._select(
                    self.losses['context'], sel, fake, img, w)
        return losses

    def discriminator_loss(self, step: dict, outputs: dict,
                           ctx: StepContext) -> dict:
        """LSGAN loss of each discriminator on real (image, all masks) and
        pooled fake (image, masks translated so far). A direction with no
        active sample gives its discriminator no loss (official rule):
        skipped in one process, and under DDP its two calls run times
        zero, so every rank makes the same calls."""
        losses = {}
        gan = self.losses['gan']
        for x, other in (('a', 'b'), ('b', 'a')):
            if not step['live'][x]:
                continue
            _, _, disc, pool = self._nets(x)
            s, r = step[x], step[other]
            real_masks, real_valid = _pad_set(r['real_masks'],
                                              r['real_valid'], self.ins_max)
            pred_real = disc(r['real_img'], real_masks, real_valid)
            sel = s['active'].nonzero(as_tuple=True)[0]
            if len(sel):
                agg, agg_valid = _pad_set(
                    torch.cat([s['agg'][sel],
                               outputs[f'fake_{other}_masks'][sel]], 1),
                    torch.cat([s['agg_valid'][sel], s['sub_valid'][sel]], 1),
                    self.ins_max)
                fake, fake_masks, fake_valid = pool.query(
                    outputs[f'fake_{other}'][sel], agg, agg_valid)
                loss = gan(pred_real, True, is_disc=True) + gan(
                    disc(fake, fake_masks, fake_valid.bool()), False,
                    is_disc=True)
            else:
                loss = 0.0 * (pred_real.sum() + disc(
                    outputs[f'fake_{other}'], *_pad_set(
                        s['real_masks'][:, :0], s['real_valid'][:, :0],
                        self.ins_max)).sum())
            tgt = self.domains[1] if x == 'a' else self.domains[0]
            losses[f'loss_disc_{tgt}'] = loss * self.disc_loss_scale
        return losses

    # ------------------------------------------------------------------
    def translate(self, img, source, target, masks=None, valid=None,
                  style=None) -> Dict[str, Tensor]:
        """Sequential inference over subsets of ``ins_per`` instances (one
        step with all of them when ``sequential=False``)."""
        gen = self.generator_for(source, target)
        if masks is None:
            masks = img.new_zeros(img.shape[0], 0, *img.shape[2:])
            valid = masks.new_zeros(img.shape[0], 0, dtype=torch.bool)
        masks = to_signed(masks[:, :self.test_ins_max])
        valid = valid[:, :self.test_ins_max]
        n = masks.shape[1]
        per = self.ins_per if self.sequential else max(n, 1)
        x, outs = img, []
        for m in range(max(1, math.ceil(n / per))):
            sl = slice(m * per, (m + 1) * per)
            active = valid[:, sl].any(1) if m > 0 else torch.ones(
                img.shape[0], dtype=torch.bool, device=img.device)
            fake, fake_masks = gen(x, masks[:, sl], valid[:, sl])
            x = torch.where(active[:, None, None, None], fake, x)
            outs.append(fake_masks)
        return dict(img=x, masks=torch.cat(outs, 1) if n else masks,
                    mask_valid=valid)

    def get_visuals(self, inputs: dict) -> dict:
        """Per source domain: input (+ mask union), translation (+ mask
        union), reconstruction."""
        visuals = {}
        for src, tgt in (self.domains, self.domains[::-1]):
            inp = inputs[src]
            out = self.translate(inp['img'], src, tgt, inp['masks'],
                                 inp['valid'])
            rec = self.translate(out['img'], tgt, src,
                                 (out['masks'] > 0).float(),
                                 out['mask_valid'])
            visuals[src] = {
                src: inp['img'],
                f'{src}_mask': to_signed(binary_union(
                    to_signed(inp['masks']), inp['valid'])),
                f'{src}2{tgt}': out['img'],
                f'{src}2{tgt}_mask': to_signed(binary_union(
                    out['masks'], out['mask_valid'])),
                f'{src}_rec': rec['img'],
            }
        return visuals


#: The other direction / domain letter.
OTHER = dict(a='b', b='a')


def _named(name: str, out: Tuple[Tensor, Tensor]) -> Dict[str, Tensor]:
    """{name: image, name_masks: masks} of a generator output."""
    return {name: out[0], f'{name}_masks': out[1]}


def _call_batched(gen, first: dict, second: dict):
    """``gen`` on two (img, masks, sub_valid) inputs as one batch; returns
    the two (image, masks) outputs. Instance norm and the per-sample set
    sum keep samples independent, so this equals two calls."""
    n = max(first['masks'].shape[1], second['masks'].shape[1])
    m1, v1 = _pad_set(first['masks'], first['sub_valid'], n)
    m2, v2 = _pad_set(second['masks'], second['sub_valid'], n)
    b = first['img'].shape[0]
    img, masks = gen(torch.cat([first['img'], second['img']]),
                     torch.cat([m1, m2]), torch.cat([v1, v2]))
    n1, n2 = first['masks'].shape[1], second['masks'].shape[1]
    return (img[:b], masks[:b, :n1]), (img[b:], masks[b:, :n2])
