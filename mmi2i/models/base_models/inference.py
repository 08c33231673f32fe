"""One inference implementation for val, test, hooks and tools."""
from typing import Dict, List, Optional, Sequence

import torch
from mmengine.structures import InstanceData
from torch import Tensor

DomainInputs = Dict[str, Tensor]  # img, masks, valid of one domain


class InferenceMixin:
    """The inference part of :class:`~.BaseTranslationModel`: styles of
    multimodal methods, the targets of each source domain and
    :meth:`predict`, which val, test, the hooks and the tools share."""

    #: Length of the style code of multimodal methods (None: one output per
    #: input; ``style`` arguments are ignored).
    style_dim: Optional[int] = None
    #: Whether a translation reads the image's instances (InstaGAN's and
    #: MGD-GAN's are made of them): the tools then refuse inputs without
    #: any instance instead of writing images the method never changed.
    uses_instances: bool = False
    #: Whether :meth:`translate` takes ``object_style`` and ``boxes``
    #: (per-instance styles at test time, INIT).
    takes_object_styles: bool = False

    # set by BaseTranslationModel.__init__
    domains: tuple
    test_targets: dict
    test_num_styles: int

    # -- styles (multimodal methods) -----------------------------------
    @property
    def is_multimodal(self) -> bool:
        return self.style_dim is not None

    def sample_style(self, num: int, domain: str,
                     device: Optional[torch.device] = None) -> Tensor:
        """``num`` random style codes of ``domain`` from the prior,
        N(0, I) of shape (num, :attr:`style_dim`)."""
        if not self.is_multimodal:
            raise TypeError(f'{type(self).__name__} is deterministic: it has '
                            'no style codes')
        if device is None:
            device = next(self.parameters()).device
        return torch.randn(num, self.style_dim, device=device)

    def encode_style(self,
                     img: Tensor,
                     domain: str,
                     masks: Optional[Tensor] = None,
                     valid: Optional[Tensor] = None) -> Tensor:
        """Style code(s) of images of ``domain`` (reference-guided
        translation); (B, 3, H, W) -> (B, :attr:`style_dim`)."""
        raise TypeError(f'{type(self).__name__} cannot encode a style from '
                        'a reference image' +
                        ('' if self.is_multimodal else ' (it is '
                         'deterministic)'))

    def style_embedding(self, inp: DomainInputs,
                        domain: str) -> Dict[str, Tensor]:
        """Groups of style features of a batch of ``domain`` images for a
        t-SNE plot (``tools/analysis/style_tsne.py``): name -> (M, d).
        Default: each image's encoded style; methods with finer styles
        (INIT's objects, MGUIT's memory) add their own groups."""
        return {'image': self.encode_style(inp['img'], domain,
                                           inp['masks'], inp['valid'])}

    def test_styles(self, num: int, target: str,
                    styles: Optional[Sequence[Tensor]]) -> list:
        """The style of each of the K translations of a batch of ``num``
        images: given ``styles`` (each (d,), (1, d) or (num, d)), else K =
        ``test_num_styles`` random codes per image; ``[None]`` for
        deterministic methods (and where a method's own default is meant,
        e.g. MGUIT's memory values)."""
        if not self.is_multimodal:
            if styles:
                raise TypeError(f'{type(self).__name__} is deterministic; '
                                'it takes no styles')
            return [None]
        if styles:
            out = []
            for st in styles:
                st = torch.as_tensor(st).to(next(self.parameters()))
                if st.numel() not in (self.style_dim, num * self.style_dim):
                    raise ValueError(
                        f'a style for {type(self).__name__} has '
                        f'{self.style_dim} values (or {num} x '
                        f'{self.style_dim} for this batch), got shape '
                        f'{tuple(st.shape)}')
                out.append(st.reshape(-1, self.style_dim).expand(
                    num, self.style_dim))
            return out
        return [
            self.sample_style(num, target)
            for _ in range(self.test_num_styles)
        ]

    def domain_labels(self, domain: str, num: int,
                      device: torch.device) -> Tensor:
        """The index of ``domain``, ``num`` times: (num,) long, the
        conditioning of N-domain methods (StarGAN, CGL, MGD-GAN)."""
        return torch.full((num, ), self.domains.index(domain),
                          dtype=torch.long, device=device)

    # -- targets ---------------------------------------------------------
    def default_targets(self, source: str) -> List[str]:
        """Target domains of ``source`` at test time: every other one."""
        return [d for d in self.domains if d != source]

    def targets_of(self, source: str) -> List[str]:
        """The configured targets of ``source`` (``test_targets``), else
        :meth:`default_targets`."""
        return list(
            self.test_targets.get(source, self.default_targets(source)))

    # -- inference -------------------------------------------------------
    def forward(self, inputs, data_samples=None, mode: str = 'predict'):
        """``predict`` returns data samples with translations; ``tensor``
        returns the raw :meth:`translate` outputs per (source, target)."""
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            out = {}
            for source, inp in inputs.items():
                for target in self.targets_of(source):
                    out[(source, target)] = self.translate(
                        inp['img'], source, target, inp['masks'],
                        inp['valid'])
            return out
        raise ValueError(f'{type(self).__name__} supports modes "predict" '
                         f'and "tensor" (training uses train_step), got '
                         f'{mode!r}')

    @torch.no_grad()
    def predict(self,
                inputs: Dict[str, DomainInputs],
                data_samples: Dict[str, list],
                targets: Optional[Dict[str, Sequence[str]]] = None,
                styles: Optional[Sequence[Tensor]] = None,
                object_styles: Optional[Tensor] = None) -> list:
        """Translate every source image to each of its target domains.

        Args:
            targets (dict, optional): Source -> target domains, overriding
                ``test_targets`` / :meth:`default_targets`.
            styles (Sequence[Tensor], optional): Style codes for multimodal
                methods (e.g. encoded from a reference image), one
                translation each. Default: ``test_num_styles`` random
                styles from the prior.
            object_styles (Tensor, optional): (M, d) style codes of
                instances (INIT's ``encode_object_styles`` of reference
                instances): instance n of each image is rendered in style
                ``n % M``. Only methods whose :meth:`translate` takes
                ``object_style`` accept them.

        Returns one data sample per (image, target, style) with
        ``pred_img`` (uint8), ``pred_instances.masks`` when the method
        translates masks, and ``target_domain`` in its metainfo; multimodal
        methods add ``style_index`` (metainfo) and ``pred_style`` (the code
        used).
        """
        if object_styles is not None and not self.takes_object_styles:
            raise TypeError(f'{type(self).__name__} has no per-instance '
                            'styles (INIT has)')
        results = []
        for source, inp in inputs.items():
            samples = data_samples[source]
            targets_of = list((targets or {}).get(source, [])) or \
                self.targets_of(source)
            extra = {} if object_styles is None else dict(
                object_style=object_styles, boxes=inp['boxes'])
            for target in targets_of:
                codes = self.test_styles(len(samples), target, styles)
                for k, style in enumerate(codes):
                    out = self.translate(inp['img'], source, target,
                                         inp['masks'], inp['valid'],
                                         style=style, **extra)
                    copy_needed = len(targets_of) * len(codes) > 1
                    for i, sample in enumerate(samples):
                        pred = sample.clone() if copy_needed else sample
                        self._fill_prediction(pred, out, i)
                        pred.set_metainfo(dict(target_domain=target))
                        if style is not None:
                            pred.set_metainfo(dict(style_index=k))
                            pred.pred_style = style[i].cpu()
                        results.append(pred)
        return results

    def _fill_prediction(self, pred, out: Dict[str, Tensor], i: int) -> None:
        pred.pred_img = self.data_preprocessor.destruct(out['img'][i]).cpu()
        if out.get('masks') is not None:
            keep = out['mask_valid'][i]
            pred.pred_instances = InstanceData(
                masks=(out['masks'][i][keep] > 0).cpu())

    def val_step(self, data: dict) -> list:
        data = self.data_preprocessor(data, False)
        return self.predict(data['inputs'], data['data_samples'])

    test_step = val_step
