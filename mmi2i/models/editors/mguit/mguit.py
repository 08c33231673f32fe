"""MGUIT (Jeong et al., CVPR 2021): memory-guided unsupervised
image-to-image translation, DRIT-based with a class-aware key-value
memory of local styles."""
from collections import OrderedDict
from typing import Dict, Optional, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import MODELS
from ...archs import concat_decoder_channels
from ...base_models import ContentAdversarialModel, StepContext
from ...utils import fill_args
from .memory import ClassAwareMemory, class_map


def _pixels(x: Tensor) -> Tensor:
    """(B, C, h, w) -> (B, h * w, C)."""
    return x.flatten(2).transpose(1, 2)


def _map(x: Tensor, like: Tensor) -> Tensor:
    """(B, h * w, C) -> (B, C, h, w) of ``like``."""
    return x.transpose(1, 2).reshape(len(x), -1, *like.shape[2:])


@MODELS.register_module()
class MGUIT(ContentAdversarialModel):
    """MGUIT between two domains.

    DRIT++'s sibling (:class:`ContentAdversarialModel`: the content
    discriminator and DRIT's update schedule). DRIT's content encoders
    (their output L2-normalized per pixel: the
    queries and keys), style encoders that give a style *map*
    (:class:`SpatialAttributeEncoder`), a generator that concatenates the
    style map at every stage (shared ``decoder_shared`` and
    ``decoder_trunk``, per-domain ``decoder`` heads, as the released
    code shares them), one multi-scale discriminator per domain
    and the content discriminator, plus ``memory``: a
    :class:`ClassAwareMemory` with ``N_k`` items per class (background
    first, then the dataset's classes in order), keys of the content's
    channels and one value per domain of ``value_channels``.

    Training (a full iteration; on the others only the content
    discriminator updates, as in DRIT): the memory is updated class-wise
    with this batch's contents and styles (eqs. 5-6; routed by the boxes'
    classes at the content resolution, background elsewhere), then read
    class-wise (eqs. 2-4): ``s_hat^y`` from ``x``'s content and ``y``'s
    values translates ``x`` to ``y``, ``s_hat^x`` reconstructs ``x``;
    random translations read random unit values. Test time reads every
    item, without classes (the paper's inference; no boxes needed).

    Losses (the released training code where the paper is silent):
    ``gan`` (translation and random translation against the real image,
    half each, summed over scales), ``content_adv``, ``self_recon`` (L1 x 10),
    ``cross_cycle`` (L1 x 50), ``content_cycle`` (L1 between a content
    and the content of its translation, x 1), ``kl_style`` and
    ``kl_content`` (mean squares x 0.01), ``key_con`` and ``value_con``
    (eq. 8, x 1 and x 0.5).

    Styles (:meth:`predict`): a style is a full set of values of the target
    domain, (N * value_channels,). With ``test_num_styles=1`` and no
    styles given, the memory's own values are read (deterministic); with
    K > 1, K random value sets (the paper's Fig. 6). A reference image
    gives its pooled values (:meth:`encode_style`).

    Args:
        memory (dict): ``items_per_class`` (N_k, background first),
            ``value_channels`` (C_v, also the style encoder's and decoder's
            style width) and optionally ``key_channels`` (default: the
            ``content_shared`` channels) and ``update_rule``
            (``'nearest'``, the default, or ``'all'``; see
            :func:`~.memory.update_weights`). The eq. 8 temperature is the
            ``key_con`` / ``value_con`` losses' ``tau``.
        classes (Sequence[str], optional): The data's classes (configs
            fill them from the dataset): ``items_per_class`` must have one
            entry more (the background).
        **kwargs: See :class:`ContentAdversarialModel` (``d_iter``,
            networks...).
    """

    per_domain_kinds = ('content_encoder', 'style_encoder', 'decoder',
                        'discriminator')
    shared_kinds = ContentAdversarialModel.shared_kinds + ('decoder_trunk', )
    # the per-domain decoder heads take the trunk's output (set below)
    content_width_args = dict(content_shared='channels',
                              decoder_shared='channels',
                              decoder_trunk='content_channels',
                              content_discriminator='in_channels')
    style_dim_kinds = ()  # the memory's value_channels, set below
    #: the data's classes (filled by the configs' data facts) size the
    #: memory: checked against ``items_per_class``
    takes_classes = True
    default_losses = dict(
        gan=dict(type='GANLoss', gan_type='vanilla', loss_weight=1.0),
        content_adv=dict(type='ContentAdversarialLoss', loss_weight=1.0),
        self_recon=dict(type='L1Loss', loss_weight=10.0),
        cross_cycle=dict(type='L1Loss', loss_weight=50.0),
        content_cycle=dict(type='L1Loss', loss_weight=1.0),
        kl_style=dict(type='L2RegularizationLoss', loss_weight=0.01),
        kl_content=dict(type='L2RegularizationLoss', loss_weight=0.01),
        key_con=dict(type='FeatureContrastiveLoss', loss_weight=1.0,
                     tau=0.1),
        value_con=dict(type='FeatureContrastiveLoss', loss_weight=0.5,
                       tau=0.1))
    supported_losses = tuple(default_losses)

    def __init__(self, domains=('A', 'B'), networks: Optional[dict] = None,
                 shared_networks: Optional[dict] = None,
                 memory: Optional[dict] = None,
                 classes: Optional[Sequence[str]] = None, **kwargs) -> None:
        if memory is None or 'items_per_class' not in memory:
            raise ValueError('MGUIT needs memory=dict(items_per_class=(...)'
                             ', value_channels=..., tau=...); see '
                             'configs/_base_/models/mguit.py')
        memory = dict(memory)
        items = tuple(int(n) for n in memory.pop('items_per_class'))
        if classes is not None and len(items) != len(classes) + 1:
            raise ValueError(
                f'memory.items_per_class {items} has {len(items)} entries, '
                f'but the data has {len(classes)} classes {tuple(classes)}: '
                'give one per class, background first '
                f'({len(classes) + 1} entries)')
        channels = int(memory.pop('value_channels', 128))
        key_channels = memory.pop('key_channels', None)
        update_rule = memory.pop('update_rule', 'nearest')
        if memory:
            raise KeyError(f'unknown memory options {sorted(memory)}')
        if networks is not None:
            networks, shared_networks = self.fill_content_width(
                networks, shared_networks)
            for nets, kind, key in (
                    (networks, 'style_encoder', 'style_channels'),
                    (networks, 'decoder', 'style_dim'),
                    (shared_networks, 'decoder_trunk', 'style_dim')):
                if nets.get(kind) is not None:
                    nets[kind] = fill_args(nets[kind], kind,
                                           **{key: channels})
            trunk = shared_networks.get('decoder_trunk')
            if trunk is not None and networks.get('decoder') is not None:
                # the decoder heads take what decoder_trunk gives
                networks['decoder'] = fill_args(
                    networks['decoder'], 'decoder',
                    content_channels=concat_decoder_channels(
                        trunk['content_channels'], channels,
                        trunk.get('num_res', 3),
                        trunk.get('num_upsample', 2)))
        super().__init__(domains, networks, shared_networks,
                         style_dim=sum(items) * channels, **kwargs)
        if key_channels is None:
            key_channels = shared_networks['content_shared'].get(
                'channels', 256)
        self.memory = ClassAwareMemory(items, int(key_channels),
                                       self.domains, channels, update_rule)
        self.value_channels = channels

    # -- codes ------------------------------------------------------------
    def decode(self, content: Tensor, z: Tensor, domain: str) -> Tensor:
        """The released code's generator: the shared first layer (noise,
        residual block) and trunk (residual blocks and first upsampling,
        style map concatenated), then the domain's head."""
        x = self.decoder_trunk(self.decoder_shared(content), z)
        return self.net('decoder', domain)(x, z)

    def content(self, img: Tensor, domain: str) -> Tensor:
        c = super().content(img, domain)
        if c.shape[1] != self.memory.keys.shape[1]:
            raise ValueError(f'content has {c.shape[1]} channels but the '
                             f'memory keys {self.memory.keys.shape[1]}')
        return F.normalize(c, dim=1)

    def classes(self, inp: dict, size) -> Tensor:
        """(B, h * w) memory class of each content pixel."""
        labels = inp.get('labels')
        if labels is None:
            labels = torch.full(inp['valid'].shape, -1, dtype=torch.long,
                                device=inp['img'].device)
        labels = labels.masked_fill(~inp['valid'], -1)
        num = len(self.memory.items_per_class) - 1
        if (labels >= num).any():
            raise ValueError(
                f'an instance has label {int(labels.max())} but the memory '
                f'has items for {num} classes (items_per_class '
                f'{self.memory.items_per_class}, background first); give '
                'every dataset class its items')
        return class_map(inp['boxes'], labels, size,
                         inp['img'].shape[2:]).flatten(1)

    def read(self, c: Tensor, classes: Optional[Tensor],
             values: Tensor) -> Tensor:
        """Styles for a content map, class-wise (training) or over every
        item (``classes`` None): c (B, C, h, w), values (N, C_v) of the
        domain to generate -> (B, C_v, h, w)."""
        q = _pixels(c)
        if classes is None:
            out = self.memory.read_values(q, values.expand(len(c), -1, -1))
            return _map(out, c)
        out = q.new_zeros(*q.shape[:2], values.shape[1])
        for k in classes.unique().tolist():
            rows = classes == k
            sl = self.memory.items_of(k)
            alpha = torch.softmax(
                F.normalize(q[rows], dim=1)
                @ F.normalize(self.memory.keys[sl], dim=1).t(), dim=1)
            out[rows] = alpha @ values[sl]
        return _map(out, c)

    def sample_values(self, num: int, device=None) -> Tensor:
        """(num, N, C_v) random unit values."""
        n = sum(self.memory.items_per_class)
        return F.normalize(
            torch.randn(num, n, self.value_channels,
                        device=device or self.memory.keys.device), dim=2)

    def sample_style(self, num: int, domain: str,
                     device: Optional[torch.device] = None) -> Tensor:
        """Random unit values for every item, flattened: (num, N * C_v)."""
        return self.sample_values(num, device).flatten(1)

    def encode_style(self, img, domain, masks=None, valid=None) -> Tensor:
        """A reference's values: its style map pooled onto the items by
        the update weights (eq. 5), flattened (B, N * C_v)."""
        c = _pixels(self.content(img, domain))
        s = _pixels(self.net('style_encoder', domain)(img))
        return self.memory.pool_values(c, s).flatten(1)

    def test_styles(self, num: int, target: str,
                    styles: Optional[Sequence[Tensor]]) -> list:
        if not styles and self.test_num_styles == 1:
            return [None]  # the memory's own values
        return super().test_styles(num, target, styles)

    def style_embedding(self, inp: dict, domain: str) -> Dict[str, Tensor]:
        """Content features (the queries, one per pixel) grouped by the
        memory item they address (test-time read: nearest key over every
        item), and the keys themselves (Fig. 9)."""
        q = _pixels(self.content(inp['img'], domain)).flatten(0, 1)
        nearest = F.normalize(q, dim=1) @ F.normalize(self.memory.keys,
                                                      dim=1).t()
        nearest = nearest.argmax(1)
        out = {}
        for k, n in enumerate(self.memory.items_per_class):
            start = sum(self.memory.items_per_class[:k])
            for i in range(start, start + n):
                rows = nearest == i
                if rows.any():
                    name = 'background' if k == 0 else f'class {k - 1}'
                    out[f'item {i} ({name})'] = q[rows]
        out['keys'] = self.memory.keys.clone()
        return out

    # -- training -------------------------------------------------------
    def forward_train(self, inputs: dict, ctx: StepContext) -> dict:
        a, b = self.domains
        real = {d: inputs[d]['img'] for d in (a, b)}
        out = dict(real=real)
        out['content'] = {d: self.content(real[d], d) for d in (a, b)}
        if not ctx.updates('generators', 'discriminators'):
            return out  # content discriminator step: codes only
        c = out['content']
        style = {d: self.net('style_encoder', d)(real[d]) for d in (a, b)}
        classes = {d: self.classes(inputs[d], c[d].shape[2:])
                   for d in (a, b)}
        out['style'], out['classes'] = style, classes
        if self.training:
            self.memory.update(
                {d: (_pixels(c[d]).flatten(0, 1),
                     _pixels(style[d]).flatten(0, 1)) for d in (a, b)},
                {d: classes[d].flatten() for d in (a, b)})
            self.memory.sync()
        for tgt, src in ((a, b), (b, a)):
            values = self.memory.values(tgt)
            rand = self.sample_values(1)[0]
            out[f'{src}2{tgt}'] = self.decode(
                c[src], self.read(c[src], classes[src], values), tgt)
            out[f'{src}2{tgt}_random'] = self.decode(
                c[src], self.read(c[src], classes[src], rand), tgt)
            out[f'self_{tgt}'] = self.decode(
                c[tgt], self.read(c[tgt], classes[tgt], values), tgt)
        for tgt, src in ((a, b), (b, a)):
            # back to src: the translation's content, src's styles read
            # with the original pixels' classes
            c_back = self.content(out[f'{src}2{tgt}'], tgt)
            out[f'content_back_{src}'] = c_back
            out[f'cross_cycle_{src}'] = self.decode(
                c_back, self.read(c_back, classes[src],
                                  self.memory.values(src)), src)
        return out

    def generator_loss(self, inputs: dict, outputs: dict,
                       ctx: StepContext) -> dict:
        a, b = self.domains
        gan, ls = self.losses['gan'], self.losses
        losses = {}
        for tgt, src in ((a, b), (b, a)):
            real = outputs['real'][tgt]
            disc = self.net('discriminator', tgt)
            # the released code: one BCE mean over [translation; random
            # translation] per scale, i.e. half of each
            losses[f'loss_gan_{tgt}'] = 0.5 * (gan(
                disc(outputs[f'{src}2{tgt}']), True) + gan(
                    disc(outputs[f'{src}2{tgt}_random']), True))
            c = outputs['content'][tgt]
            losses[f'loss_content_adv_{tgt}'] = ls['content_adv'](
                self.content_discriminator(c), 0.5)
            losses[f'loss_kl_style_{tgt}'] = ls['kl_style'](
                outputs['style'][tgt])
            losses[f'loss_kl_content_{tgt}'] = ls['kl_content'](c)
            losses[f'loss_self_recon_{tgt}'] = ls['self_recon'](
                outputs[f'self_{tgt}'], real)
            losses[f'loss_cross_cycle_{tgt}'] = ls['cross_cycle'](
                outputs[f'cross_cycle_{tgt}'], real)
            losses[f'loss_content_cycle_{tgt}'] = ls['content_cycle'](
                outputs[f'content_back_{tgt}'], c)
            if 'key_con' in ls or 'value_con' in ls:  # ablation: removable
                k_loss, v_loss = self.memory.contrastive(
                    _pixels(c).flatten(0, 1),
                    _pixels(outputs['style'][tgt]).flatten(0, 1),
                    outputs['classes'][tgt].flatten(), tgt,
                    ls['key_con'] if 'key_con' in ls else None,
                    ls['value_con'] if 'value_con' in ls else None)
                if 'key_con' in ls:
                    losses[f'loss_key_con_{tgt}'] = k_loss
                if 'value_con' in ls:
                    losses[f'loss_value_con_{tgt}'] = v_loss
        return losses

    def domain_discriminator_loss(self, outputs: dict) -> dict:
        """Per target domain, the released code's form: the real image
        (counted twice) against the translation and the random
        translation."""
        a, b = self.domains
        gan = self.losses['gan']
        losses = {}
        for tgt, src in ((a, b), (b, a)):
            disc = self.net('discriminator', tgt)
            loss = gan(disc(outputs['real'][tgt]), True, is_disc=True) * 2
            for key in (f'{src}2{tgt}', f'{src}2{tgt}_random'):
                loss = loss + gan(disc(outputs[key]), False, is_disc=True)
            losses[f'loss_disc_{tgt}'] = loss * self.disc_loss_scale
        return losses

    # -- inference --------------------------------------------------------
    def translate(self, img, source, target, masks=None, valid=None,
                  style=None) -> Dict[str, Tensor]:
        """``style``: None reads the memory's values of ``target`` over
        every item (no classes, no boxes); a (B, N * C_v) tensor gives
        each image its own values (random or from a reference)."""
        c = self.content(img, source)
        if style is None:
            s = self.read(c, None, self.memory.values(target))
        else:
            values = style.reshape(len(img), -1, self.value_channels)
            s = _map(self.memory.read_values(_pixels(c), values), c)
        return dict(img=self.decode(c, s, target))

    def get_visuals(self, inputs: dict) -> dict:
        """Per source domain: input, self-reconstruction and translation
        through the memory (test-time read), a random-values translation
        and one with the other domain's first image as reference."""
        visuals = OrderedDict()
        for src in self.domains:
            tgt = next(d for d in self.domains if d != src)
            img = inputs[src]['img']
            ref = self.encode_style(inputs[tgt]['img'][:1], tgt)
            visuals[src] = OrderedDict([
                (src, img),
                (f'{src}_recon', self.translate(img, src, src)['img']),
                (f'{src}2{tgt}', self.translate(img, src, tgt)['img']),
                (f'{src}2{tgt}_random', self.translate(
                    img, src, tgt, style=self.sample_style(len(img), tgt))
                 ['img']),
                (f'{src}2{tgt}_ref', self.translate(
                    img, src, tgt, style=ref.expand(len(img), -1))['img']),
            ])
        return visuals
