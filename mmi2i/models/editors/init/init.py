"""INIT (Shen et al., CVPR 2019): instance-aware image-to-image
translation, MUNIT with an object branch and a style code bank."""
import copy
from typing import Dict, Optional, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import MODELS
from ...base_models import StepContext
from ..munit import MUNIT
from .instances import association_allowed, background_images, crop_instances

#: Style sources of the bank an object content may be rendered with.
STYLE_SOURCES = ('prior', 'image', 'background', 'object')
_SOURCE_LEVEL = dict(prior='image', image='image', background='background',
                     object='object')
#: ``object_branch`` -> the global networks the object branch gets its own
#: copy of (the rest it shares with the global branch).
OBJECT_BRANCHES = dict(
    shared=(),
    own_decoders=('decoder', ),
    independent=('content_encoder', 'style_encoder', 'decoder'))


@MODELS.register_module()
class INIT(MUNIT):
    """INIT between two domains (paper §3; no public code).

    The global branch is MUNIT on whole images. The instance branch runs
    the per-domain encoders ``E`` and decoders ``G`` on object crops
    (boxes -> ``obj_size`` squares), shared with the global branch or its
    own (``object_branch``), or, with
    ``instance_source='half_scale'``, on the half-resolution images (the
    paper's multi-scale variant). Each domain's style code bank holds the
    image, background (boxes blanked) and object styles of its batch; an
    object content is translated with a style drawn from the target
    domain's bank or the prior, following the association rule (coarse
    styles on fine contents, never the reverse). Losses (eqs. 1-4): the
    global MUNIT losses, object self-reconstruction ``recon_o``, latent
    reconstruction of the translated object ``recon_co``/``recon_so``
    (eq. 2), the cross-cycle back to the source object ``cycle_o``, the
    object GAN ``gan_obj``, and the global cross-cycle ``cycle`` (the
    paper applies self-reconstruction and cross-cycle to both the image
    and the objects; MUNIT's ``recon_x_cyc``). Objects are judged by
    each domain's image discriminator (``D_s``, the paper's best
    setting) unless the config gives ``networks.obj_discriminator``.
    Inference uses the global branch only (:meth:`MUNIT.translate`), as
    in the paper.

    Args:
        obj_size (int): Side of the object crops (120 in the paper).
        max_objects (int): Objects per image used per iteration (the
            largest first, as packed).
        instance_source (str): ``'boxes'`` or ``'half_scale'``.
        object_branch (str): Which networks the object branch has of its
            own (:data:`OBJECT_BRANCHES`): ``'own_decoders'`` (default;
            paper §3: encoders shared, decoders ``G_g`` and ``G_o``),
            ``'independent'`` (its own encoders and decoders: the paper's
            COCO-synthesis model, §4), ``'shared'`` (one set of networks
            for both branches). The copies are built from the global
            networks' configs; ``networks.obj_<kind>`` gives another.
        object_content (str): ``'crop'`` (default): object contents are
            encoded from the object crops; ``'roi_align'``: pooled from
            the global content map with RoIAlign (``mmcv.ops``; the
            paper's option of sharing the global feature map), at the
            size the content encoder gives a crop.
        style_sources (Sequence[str]): Bank entries object contents are
            rendered with, among ``prior``, ``image``, ``background``,
            ``object``; one is drawn uniformly per object.
        **kwargs: See :class:`MUNIT`.
    """

    per_domain_kinds = MUNIT.per_domain_kinds + (
        'obj_content_encoder', 'obj_style_encoder', 'obj_decoder',
        'obj_discriminator')
    content_width_args = dict(MUNIT.content_width_args,
                              obj_decoder='content_channels')
    style_dim_kinds = MUNIT.style_dim_kinds + ('obj_style_encoder',
                                               'obj_decoder')
    optim_group_prefixes = dict(
        MUNIT.optim_group_prefixes,
        generators=MUNIT.optim_group_prefixes['generators'] +
        ('obj_content_encoder', 'obj_style_encoder', 'obj_decoder'),
        discriminators=('discriminator', 'obj_discriminator'))
    default_losses = dict(
        MUNIT.default_losses,
        # the global cross-cycle (paper §3); no weight given: MUNIT's
        # recon_x_cyc_w where its configs use it (10)
        cycle=dict(type='L1Loss', loss_weight=10.0),
        gan_obj=dict(type='GANLoss', gan_type='lsgan', loss_weight=1.0),
        recon_o=dict(type='L1Loss', loss_weight=10.0),
        recon_co=dict(type='L1Loss', loss_weight=1.0),
        recon_so=dict(type='L1Loss', loss_weight=1.0),
        cycle_o=dict(type='L1Loss', loss_weight=10.0))
    supported_losses = MUNIT.supported_losses + (
        'gan_obj', 'recon_o', 'recon_co', 'recon_so', 'cycle_o')

    def __init__(self, domains=('A', 'B'), networks: Optional[dict] = None,
                 obj_size: int = 120, max_objects: int = 4,
                 instance_source: str = 'boxes',
                 style_sources: Sequence[str] = STYLE_SOURCES,
                 object_content: str = 'crop',
                 object_branch: str = 'own_decoders',
                 **kwargs) -> None:
        if object_branch not in OBJECT_BRANCHES:
            raise ValueError(f'object_branch must be one of '
                             f'{list(OBJECT_BRANCHES)}, got {object_branch!r}')
        networks = dict(networks or {})
        for kind in ('content_encoder', 'style_encoder', 'decoder'):
            own = kind in OBJECT_BRANCHES[object_branch]
            networks.setdefault(f'obj_{kind}',
                                copy.deepcopy(networks.get(kind))
                                if own else None)
        networks.setdefault('obj_discriminator', None)
        super().__init__(domains, networks, **kwargs)
        if instance_source not in ('boxes', 'half_scale'):
            raise ValueError(f"instance_source must be 'boxes' or "
                             f"'half_scale', got {instance_source!r}")
        unknown = [s for s in style_sources if s not in STYLE_SOURCES]
        if unknown or not style_sources:
            raise ValueError(f'style_sources must be among {STYLE_SOURCES}'
                             f', got {list(style_sources)}')
        if object_content not in ('crop', 'roi_align'):
            raise ValueError(f"object_content must be 'crop' or "
                             f"'roi_align', got {object_content!r}")
        if object_content == 'roi_align' and instance_source != 'boxes':
            raise ValueError("object_content='roi_align' pools object "
                             "contents from their boxes: it needs "
                             "instance_source='boxes'")
        self.object_content = object_content
        self.object_branch = object_branch
        self.obj_size = obj_size
        self.max_objects = max_objects
        self.instance_source = instance_source
        # the association rule: every source must be allowed on objects
        self.style_sources = tuple(
            s for s in style_sources
            if association_allowed('object', _SOURCE_LEVEL[s]))

    def obj_net(self, kind: str, domain: str):
        """The object branch's ``kind`` network of ``domain``: its own
        (``obj_<kind>``) where built, else the global one."""
        name = f'obj_{kind}_{domain}'
        if name in self._modules:
            return self._modules[name]
        return self.net(kind, domain)

    def obj_discriminator(self, domain: str):
        return self.obj_net('discriminator', domain)

    def obj_encode(self, img: Tensor, domain: str):
        """(content, style) of objects (``E_o``)."""
        return (self.obj_net('content_encoder', domain)(img),
                self.obj_net('style_encoder', domain)(img))

    def obj_decode(self, content: Tensor, style: Tensor,
                   domain: str) -> Tensor:
        """Objects from codes (``G_o``)."""
        return self.obj_net('decoder', domain)(content, style)

    # -- the instance branch --------------------------------------------
    def objects(self, inp: Dict[str, Tensor]):
        """(crops, image index, weight): the domain's object inputs; a
        batch without objects gives its whole images at weight 0, so every
        rank calls the same networks (DDP)."""
        img = inp['img']
        if self.instance_source == 'half_scale':
            return (F.interpolate(img, scale_factor=0.5, mode='bilinear',
                                  align_corners=False),
                    torch.arange(len(img), device=img.device), 1.0)
        valid = self._object_slots(inp)
        if valid.any():
            crops, index = crop_instances(img, inp['boxes'], valid,
                                          self.obj_size)
            return crops, index, 1.0
        size = (self.obj_size, self.obj_size)
        return (F.interpolate(img, size, mode='bilinear',
                              align_corners=False),
                torch.arange(len(img), device=img.device), 0.0)

    def _object_slots(self, inp: Dict[str, Tensor]) -> Tensor:
        """(B, N) bool: the instances used (the first ``max_objects``)."""
        return inp['valid'] & (inp['valid'].cumsum(1) <= self.max_objects)

    def object_codes(self, inp: Dict[str, Tensor], crops: Tensor,
                     weight: float, content: Tensor, domain: str):
        """(content, style) of the objects: styles from the crops;
        contents from the crops, or RoIAligned from the global content
        map ``content`` (``object_content='roi_align'``)."""
        if self.object_content == 'crop' or not weight:
            return self.obj_encode(crops, domain)
        from mmcv.ops import roi_align
        valid = self._object_slots(inp)
        index, slot = valid.nonzero(as_tuple=True)
        rois = torch.cat([index[:, None].to(inp['boxes']),
                          inp['boxes'][index, slot]], 1)
        scale = content.shape[-1] / inp['img'].shape[-1]
        size = max(1, round(self.obj_size * scale))
        c_o = roi_align(content, rois, (size, size), scale, 0, 'avg', True)
        s_o = self.obj_net('style_encoder', domain)(crops)
        return c_o, s_o

    def _bank_styles(self, bank: Dict[str, Tensor], num: int,
                     domain: str) -> Tensor:
        """One style per object content, each drawn from the target bank:
        a source uniformly among :attr:`style_sources`, then an entry."""
        device = bank['image'].device
        pick = torch.randint(len(self.style_sources), (num, ))
        out = self.sample_style(num, domain, device)
        for k, source in enumerate(self.style_sources):
            rows = (pick == k).nonzero(as_tuple=True)[0]
            if source == 'prior' or not len(rows):
                continue
            entries = bank[source]
            choice = torch.randint(len(entries), (len(rows), ))
            out[rows.to(device)] = entries[choice.to(device)]
        return out

    # -- instance-level translation at test time (the extra) ------------
    takes_object_styles = True

    def translate(self, img, source, target, masks=None, valid=None,
                  style=None, object_style=None,
                  boxes=None) -> Dict[str, Tensor]:
        """The global translation (:meth:`MUNIT.translate`); with
        ``object_style`` (M, d) and the instances' ``boxes`` (B, N, 4)
        every valid instance is re-rendered by the object branch
        (:meth:`translate_instances`), instance n of each image in style
        ``n % M``."""
        if object_style is None or valid is None or not valid.any():
            return super().translate(img, source, target, masks, valid,
                                     style)
        object_style = object_style.reshape(-1, self.style_dim)
        per_instance = object_style[valid.nonzero()[:, 1] %
                                    len(object_style)]
        return self.translate_instances(img, source, target, boxes, valid,
                                        per_instance, style)

    @torch.no_grad()
    def encode_object_styles(self, img: Tensor, boxes: Tensor,
                             valid: Tensor, domain: str) -> Tensor:
        """Style codes of the (valid) instances of reference images: (M,
        style_dim), in box order."""
        crops, _ = crop_instances(img, boxes, valid, self.obj_size)
        return self.obj_net('style_encoder', domain)(crops)

    @torch.no_grad()
    def translate_instances(self, img: Tensor, source: str, target: str,
                            boxes: Tensor, valid: Tensor,
                            object_style: Tensor,
                            style: Optional[Tensor] = None
                            ) -> Dict[str, Tensor]:
        """The global translation (``style``: None samples one), with every
        valid instance re-rendered by the object branch in
        ``object_style`` ((style_dim,) for all, or (M, style_dim), one per
        instance in box order, e.g. from :meth:`encode_object_styles` of
        a reference) and pasted back into its box. Outside the boxes the
        output is the global translation."""
        out = self.translate(img, source, target, style=style)['img'].clone()
        if not valid.any():
            return dict(img=out)
        crops, index = crop_instances(img, boxes, valid, self.obj_size)
        object_style = object_style.reshape(-1, self.style_dim).to(img)
        if len(object_style) == 1:
            object_style = object_style.expand(len(crops), -1)
        if len(object_style) != len(crops):
            raise ValueError(f'{len(crops)} instances but '
                             f'{len(object_style)} object styles')
        c_o = self.obj_net('content_encoder', source)(crops)
        objs = self.obj_decode(c_o, object_style, target)
        h, w = img.shape[-2:]
        for obj, (b, n) in zip(objs, valid.nonzero().tolist()):
            x1, y1, x2, y2 = boxes[b, n].tolist()
            x1, y1 = max(int(x1), 0), max(int(y1), 0)
            x2, y2 = min(int(round(x2)), w), min(int(round(y2)), h)
            if x2 <= x1 or y2 <= y1:
                continue
            out[b, :, y1:y2, x1:x2] = F.interpolate(
                obj[None], (y2 - y1, x2 - x1), mode='bilinear',
                align_corners=False)[0]
        return dict(img=out)

    def style_embedding(self, inp: Dict[str, Tensor],
                        domain: str) -> Dict[str, Tensor]:
        """Global (image), background and object style codes (Fig. 5)."""
        out = {'image': self.encode_style(inp['img'], domain),
               'background': self.encode_style(
                   background_images(inp['img'], inp['boxes'],
                                     inp['valid']), domain)}
        crops, _, weight = self.objects(inp)
        if weight:
            out['object'] = self.obj_net('style_encoder', domain)(crops)
        return out

    def forward_train(self, inputs: dict, ctx: StepContext) -> dict:
        out = super().forward_train(inputs, ctx)
        a, b = self.domains
        banks = {}
        for d in (a, b):
            crops, index, weight = self.objects(inputs[d])
            c_o, s_o = self.object_codes(inputs[d], crops, weight,
                                         out[f'content_{d}'], d)
            out[f'obj_{d}'], out[f'obj_weight_{d}'] = crops, weight
            out[f'obj_content_{d}'], out[f'obj_style_{d}'] = c_o, s_o
            out[f'obj_recon_{d}'] = self.obj_decode(c_o, s_o, d)  # eq. 1
            banks[d] = dict(image=out[f'style_{d}'], object=s_o)
            if 'background' in self.style_sources:
                inp = inputs[d]
                banks[d]['background'] = self.encode_style(
                    background_images(inp['img'], inp['boxes'],
                                      inp['valid']), d)
        for src, tgt in ((a, b), (b, a)):
            c_o = out[f'obj_content_{src}']
            style = self._bank_styles(banks[tgt], len(c_o), tgt)
            fake = self.obj_decode(c_o, style, tgt)
            c_rec, s_rec = self.obj_encode(fake, tgt)  # eq. 2
            out[f'obj_{src}2{tgt}'], out[f'obj_bank_style_{tgt}'] = fake, style
            out[f'obj_content_rec_{src}'] = c_rec
            out[f'obj_style_rec_{tgt}'] = s_rec
            # translate back with the object's own style (cross-cycle)
            out[f'obj_cycle_{src}'] = self.obj_decode(
                c_rec, out[f'obj_style_{src}'], src)
        return out

    def generator_loss(self, inputs: dict, outputs: dict,
                       ctx: StepContext) -> dict:
        losses = super().generator_loss(inputs, outputs, ctx)
        a, b = self.domains
        ls = self.losses
        for src, tgt in ((a, b), (b, a)):
            w = outputs[f'obj_weight_{src}']
            obj = outputs[f'obj_{src}']
            losses[f'loss_gan_obj_{tgt}'] = w * ls['gan_obj'](
                self.obj_discriminator(tgt)(outputs[f'obj_{src}2{tgt}']),
                True)
            losses[f'loss_recon_o_{src}'] = w * ls['recon_o'](
                outputs[f'obj_recon_{src}'], obj)
            losses[f'loss_recon_co_{src}'] = w * ls['recon_co'](
                outputs[f'obj_content_rec_{src}'],
                outputs[f'obj_content_{src}'])
            # the code used is the target (as MUNIT's random style is)
            losses[f'loss_recon_so_{tgt}'] = w * ls['recon_so'](
                outputs[f'obj_style_rec_{tgt}'],
                outputs[f'obj_bank_style_{tgt}'].detach())
            losses[f'loss_cycle_o_{src}'] = w * ls['cycle_o'](
                outputs[f'obj_cycle_{src}'], obj)
        return losses

    def discriminator_loss(self, inputs: dict, outputs: dict,
                           ctx: StepContext) -> dict:
        losses = super().discriminator_loss(inputs, outputs, ctx)
        a, b = self.domains
        gan = self.losses['gan_obj']
        for src, tgt in ((a, b), (b, a)):
            disc = self.obj_discriminator(tgt)
            real = gan(disc(outputs[f'obj_{tgt}']), True, is_disc=True)
            fake = gan(disc(outputs[f'obj_{src}2{tgt}']), False,
                       is_disc=True)
            losses[f'loss_disc_obj_{tgt}'] = self.disc_loss_scale * (
                outputs[f'obj_weight_{tgt}'] * real +
                outputs[f'obj_weight_{src}'] * fake)
        return losses
