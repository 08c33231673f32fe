"""The shared base of every unpaired translation model."""
import copy
import difflib
from abc import abstractmethod
from collections import OrderedDict
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
from mmengine.logging import MessageHub
from mmengine.model import BaseModel
from mmengine.optim import OptimWrapperDict
from mmengine.structures import InstanceData
from torch import Tensor

from mmi2i.registry import MODELS
from ..archs import winograd_weight_cache
from ..utils import detach_all, frozen

DomainInputs = Dict[str, Tensor]  # img, masks, valid of one domain


def stage_lengths(stages: Sequence[dict],
                  run_stages: Optional[Sequence[str]] = None,
                  iters_per_epoch: Union[int, str, None] = None
                  ) -> List[Tuple[str, Optional[int]]]:
    """``[(name, iterations)]`` of the stages that run, in order.

    Args:
        stages: ``dict(name=..., iters=N)`` or ``dict(name=..., epochs=E)``.
        run_stages: Names to keep (all when None).
        iters_per_epoch: Converts epochs to iterations. ``'auto'``: not
            known yet (training resolves it from the dataset, see
            :func:`mmi2i.utils.resolve_epoch_schedule`); stages in epochs
            then get ``None``.
    """
    if iters_per_epoch not in (None, 'auto') and not (
            isinstance(iters_per_epoch, int) and iters_per_epoch > 0):
        raise ValueError("iters_per_epoch must be a positive int or 'auto', "
                         f'got {iters_per_epoch!r}')
    out = []
    for st in stages:
        st = dict(st)
        if 'epochs' in st:
            if iters_per_epoch == 'auto':
                out.append((st['name'], None))
                continue
            if not iters_per_epoch:
                raise ValueError(f'stage {st["name"]!r} is given in epochs: '
                                 "set iters_per_epoch (an int, or 'auto')")
            st['iters'] = int(st.pop('epochs') * iters_per_epoch)
        if int(st.get('iters', 0)) < 1:
            raise ValueError(f'stage {st["name"]!r} needs iters >= 1')
        out.append((st['name'], int(st['iters'])))
    if run_stages is not None:
        names = [n for n, _ in out]
        unknown = [n for n in run_stages if n not in names]
        if unknown:
            raise KeyError(f'run_stages {unknown} not among the stages '
                           f'{names}')
        out = [(n, i) for n, i in out if n in run_stages]
    return out


class BaseTranslationModel(BaseModel):
    """Owns the training loop of unpaired translation models.

    Subclasses build their networks as *direct children* (so that
    ``MMSeparateDistributedDataParallel`` wraps and syncs each one) and
    implement :meth:`forward_train`, :meth:`generator_loss`,
    :meth:`discriminator_loss` and :meth:`translate`. The base class does
    the rest: generator/discriminator alternation through an
    :class:`OptimWrapperDict` whose groups the model declares
    (:attr:`optim_group_prefixes`, :attr:`generator_groups`,
    :attr:`discriminator_groups`; default ``generators`` and
    ``discriminators``) on a schedule it may change
    (:meth:`update_groups`; default ``disc_steps`` discriminator updates
    per generator update), loss building from config, and one val/test
    implementation that writes translations into the data samples.

    Args:
        domains (Sequence[str]): Domain names, in the order the method uses
            them (for two-domain methods: A, B).
        losses (dict): Name -> loss config; built into ``self.losses``.
            Defaults to the method's :attr:`default_losses`.
        loss_overrides (dict, optional): Changes to those losses (from
            ``losses`` or the defaults): a config replaces one, ``None``
            removes it (e.g. ``dict(vgg=None)`` where no VGG weights exist).
        disc_steps (int): The generator is updated every ``disc_steps``
            iterations; the discriminator every iteration. Defaults to 1.
        disc_init_steps (int): Iterations with discriminator updates only.
        disc_loss_scale (float): Multiplies the discriminator's loss
            (0.5 in CycleGAN/InstaGAN). Defaults to 0.5.
        buffer_size (int): Capacity of each image history buffer.
        data_preprocessor (dict): Defaults to
            ``TranslationDataPreprocessor``.
        test_targets (dict, optional): Source domain -> list of target
            domains translated to at val/test time. Defaults to
            :meth:`default_targets`.
        stages (Sequence[dict], optional): Training stages run one after
            another, each ``dict(name=..., iters=N)`` or
            ``dict(name=..., epochs=E)`` (with ``iters_per_epoch``); the
            current one
            follows from the iteration, so resuming continues in the right
            stage. Each stage updates its own optimizer groups and freezes
            its own networks (:meth:`stage_groups`,
            :meth:`frozen_modules`). None: one stage, ``'train'``.
        run_stages (Sequence[str], optional): Run only these stages (e.g.
            ``['image']`` to train one stage alone, with ``load_from``
            holding the earlier ones). Defaults to all.
        iters_per_epoch (int | str, optional): Converts stages given in
            epochs. ``'auto'``: max(|A|, |B|) / (batch x processes) of
            the train dataset, resolved by ``tools/train.py``
            (:func:`mmi2i.utils.resolve_epoch_schedule`).
        test_num_styles (int): Translations per input and target at
            val/test time for multimodal methods (:attr:`style_dim` set),
            each with its own random style; LPIPS diversity and CIS group
            them by ``style_index``. Defaults to 1.
    """

    #: Losses built when the config gives none (name -> loss config).
    default_losses: Dict[str, dict] = {}
    #: Loss names the method reads; a config naming any other loss is an
    #: error with a did-you-mean (None: no check).
    supported_losses: Optional[Tuple[str, ...]] = None

    #: Prefixes of child names in each optimizer group; subclasses extend.
    optim_group_prefixes: Dict[str, Tuple[str, ...]] = {
        'generators': ('generator', 'encoder', 'content_encoder', 'decoder',
                       'style', 'mapping', 'memory'),
        'discriminators': ('discriminator', )
    }
    #: Optimizer groups stepped after the generator losses, and after the
    #: discriminator losses (any number each, e.g. DRIT++'s content
    #: discriminator with its own learning rate).
    generator_groups: Tuple[str, ...] = ('generators', )
    discriminator_groups: Tuple[str, ...] = ('discriminators', )
    #: Length of the style code of multimodal methods (None: one output per
    #: input; ``style`` arguments are ignored).
    style_dim: Optional[int] = None

    def __init__(self,
                 domains: Sequence[str],
                 losses: Optional[dict] = None,
                 loss_overrides: Optional[dict] = None,
                 disc_steps: int = 1,
                 disc_init_steps: int = 0,
                 disc_loss_scale: float = 0.5,
                 buffer_size: int = 50,
                 data_preprocessor: Optional[dict] = None,
                 test_targets: Optional[dict] = None,
                 stages: Optional[Sequence[dict]] = None,
                 run_stages: Optional[Sequence[str]] = None,
                 iters_per_epoch: Optional[int] = None,
                 test_num_styles: int = 1,
                 init_cfg: Optional[dict] = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(type='TranslationDataPreprocessor')
        if isinstance(data_preprocessor, dict):
            # build in mmi2i's registry, whatever the current default scope
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        if len(set(domains)) != len(domains) or not domains:
            raise ValueError(f'domains must be distinct names, got {domains}')
        self.domains = tuple(domains)
        if losses is None:
            losses = copy.deepcopy(self.default_losses)
        self.check_loss_names(loss_overrides or {})
        losses = dict(losses, **(loss_overrides or {}))
        losses = {k: v for k, v in losses.items() if v is not None}
        self.check_loss_names(losses)
        self.losses = nn.ModuleDict(
            {k: MODELS.build(v)
             for k, v in losses.items()})
        if disc_steps < 1:
            raise ValueError(f'disc_steps must be >= 1, got {disc_steps}')
        self.disc_steps = disc_steps
        self.disc_init_steps = disc_init_steps
        self.disc_loss_scale = disc_loss_scale
        self.buffer_size = buffer_size
        self.test_targets = dict(test_targets or {})
        self.stages = self._check_stages(stages, run_stages,
                                         iters_per_epoch)
        if test_num_styles < 1:
            raise ValueError(f'test_num_styles must be >= 1, got '
                             f'{test_num_styles}')
        self.test_num_styles = test_num_styles
        #: Optimizer groups updated in the current step (set by the loop so
        #: that a method can skip work no updated group needs).
        self.active_groups: Tuple[str, ...] = ()

    @classmethod
    def check_loss_names(cls, losses: dict) -> None:
        """Refuse loss names the method never reads (a misspelt key would
        otherwise build an unused loss and leave the intended term at its
        default)."""
        if cls.supported_losses is None:
            return
        for name in losses:
            if name in cls.supported_losses:
                continue
            close = difflib.get_close_matches(name, cls.supported_losses, 1)
            hint = f'; did you mean {close[0]!r}?' if close else ''
            raise KeyError(
                f'{cls.__name__} has no loss {name!r}{hint} Its losses are '
                f'{list(cls.supported_losses)}')

    # ------------------------------------------------------------------
    # what a method implements
    @abstractmethod
    def forward_train(self, inputs: Dict[str, DomainInputs]) -> dict:
        """Run the generators on a training batch; return named outputs."""

    @abstractmethod
    def generator_loss(self, inputs: Dict[str, DomainInputs],
                       outputs: dict) -> Dict[str, Tensor]:
        """Generator losses (discriminators are frozen while this runs)."""

    @abstractmethod
    def discriminator_loss(self, inputs: Dict[str, DomainInputs],
                           outputs: dict) -> Dict[str, Tensor]:
        """Discriminator losses; ``outputs`` are detached."""

    @abstractmethod
    def translate(self,
                  img: Tensor,
                  source: str,
                  target: str,
                  masks: Optional[Tensor] = None,
                  valid: Optional[Tensor] = None,
                  style: Optional[Tensor] = None) -> Dict[str, Tensor]:
        """Translate a batch from ``source`` to ``target``.

        Args:
            img (Tensor): (B, 3, H, W) in [-1, 1].
            masks (Tensor, optional): (B, N, H, W) in {0, 1}.
            valid (Tensor, optional): (B, N) bool.
            style (Tensor, optional): Style code for multimodal methods.

        Returns:
            dict: ``img`` (B, 3, H, W) in [-1, 1] and, for methods that
            translate masks, ``masks`` (B, M, H, W) in [-1, 1] with
            ``mask_valid`` (B, M).
        """

    def get_visuals(self, inputs: Dict[str, DomainInputs]) -> dict:
        """Tensors for image grids: column name -> (B, C, H, W) in [-1, 1],
        or group name (e.g. source domain) -> such a dict."""
        return OrderedDict()

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

    # ------------------------------------------------------------------
    def default_targets(self, source: str) -> List[str]:
        """Target domains of ``source`` at test time: every other one."""
        return [d for d in self.domains if d != source]

    def discriminator_modules(self) -> List[nn.Module]:
        """The networks of the :attr:`discriminator_groups`."""
        prefixes = tuple(p for g in self.discriminator_groups
                         for p in self.optim_group_prefixes.get(g, ()))
        return [m for n, m in self.named_children() if n.startswith(prefixes)]

    @property
    def input_slots(self) -> Tuple[str, ...]:
        """Keys a training batch must hold: the domain names (a dataset
        with ``sampling='all_domains'``); N-domain methods trained on
        ``sampling='one_domain'`` / ``'pair'`` return ``('source', )`` /
        ``('source', 'reference')``."""
        return self.domains

    def _check_domains(self, inputs: dict) -> None:
        missing = [d for d in self.input_slots if d not in inputs]
        if missing:
            hint = ('' if self.input_slots == self.domains else
                    " (set the train dataset's sampling='one_domain' or "
                    "'pair')")
            raise KeyError(
                f'{type(self).__name__} expects {self.input_slots} in a '
                f'training batch, the batch has {sorted(inputs)}; check the '
                f'dataset config{hint}')

    def _check_stages(self, stages, run_stages,
                      iters_per_epoch=None) -> List[Tuple[str, int]]:
        if stages is None:
            return [('train', 0)]
        known = getattr(self, 'stage_names', None)
        for st in stages:
            if known is not None and st['name'] not in known:
                raise KeyError(f'{type(self).__name__} has no stage '
                               f'{st["name"]!r}; its stages are '
                               f'{list(known)}')
        return stage_lengths(stages, run_stages, iters_per_epoch)

    def stage_at(self, iteration: int) -> str:
        """The stage that training iteration ``iteration`` belongs to."""
        if any(iters is None for _, iters in self.stages):
            raise RuntimeError(
                "the stages are given in epochs with iters_per_epoch='auto'"
                ', which tools/train.py resolves from the train dataset '
                '(mmi2i.utils.resolve_epoch_schedule); set an int to train '
                'otherwise')
        end = 0
        for name, iters in self.stages:
            end += iters
            if iteration < end:
                return name
        return self.stages[-1][0]

    def current_stage(self) -> str:
        return self.stage_at(self._current_iter())

    def stage_groups(
            self, stage: str) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
        """(generator-phase, discriminator-phase) optimizer groups updated
        in ``stage``. Default: :attr:`generator_groups` then
        :attr:`discriminator_groups`."""
        return tuple(self.generator_groups), tuple(self.discriminator_groups)

    def update_groups(
            self, iteration: int) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
        """(generator-phase, discriminator-phase) groups updated at
        training iteration ``iteration``: the stage's groups, without the
        generator phase when ``disc_steps``/``disc_init_steps`` skip it.
        Methods with their own update schedule override this."""
        g_groups, d_groups = self.stage_groups(self.stage_at(iteration))
        if (iteration % self.disc_steps != 0
                or iteration < self.disc_init_steps):
            g_groups = ()
        return g_groups, d_groups

    def frozen_modules(self, stage: str) -> List[nn.Module]:
        """Networks that must not change (and get no gradient) during the
        generator phase of ``stage``. Default: the discriminators."""
        return self.discriminator_modules()

    @staticmethod
    def _current_iter() -> int:
        return int(MessageHub.get_current_instance().get_info('iter') or 0)

    def _parse(self, losses: Dict[str, Tensor],
               name: str) -> Tuple[Tensor, Dict[str, Tensor]]:
        loss, log_vars = self.parse_losses(losses)
        log_vars[name] = log_vars.pop('loss')
        return loss, log_vars

    def step_inputs(self, inputs: dict, index: int,
                    prev_step: Optional[dict],
                    prev_outputs: Optional[dict]) -> Optional[dict]:
        """Inputs of the ``index``-th update of one training iteration.

        Most methods make one generator/discriminator update per batch
        (the default: the batch itself, then None). Methods that split a
        sample into several updates (InstaGAN's sequential mini-batches)
        return one step after another, built from the previous step and
        its (detached) outputs, and None when done.
        """
        return inputs if index == 0 else None

    def train_step(self, data: dict,
                   optim_wrapper: OptimWrapperDict) -> Dict[str, Tensor]:
        """One iteration: for each step of :meth:`step_inputs`, a generator
        update (every ``disc_steps`` iterations) and a discriminator update
        on the same, detached, outputs. Logged losses are averaged over the
        steps. Winograd convs transform each weight once per update
        (:func:`~mmi2i.models.archs.winograd_weight_cache`)."""
        with winograd_weight_cache():
            return self._train_step(data, optim_wrapper)

    def _train_step(self, data: dict,
                    optim_wrapper: OptimWrapperDict) -> Dict[str, Tensor]:
        data = self.data_preprocessor(data, True)
        inputs = data['inputs']
        self._check_domains(inputs)
        groups = self.update_groups(self._current_iter())
        logs: Dict[str, List[Tensor]] = {}
        index, step, outputs = 0, None, None
        while True:
            step = self.step_inputs(inputs, index, step, outputs)
            if step is None:
                break
            outputs, step_logs = self._update(step, optim_wrapper, *groups)
            for k, v in step_logs.items():
                logs.setdefault(k, []).append(v)
            index += 1
        return {k: torch.stack(v).mean() for k, v in logs.items()}

    def _update(self, step: dict, optim_wrapper: OptimWrapperDict,
                g_groups: Tuple[str, ...],
                d_groups: Tuple[str, ...]) -> Tuple[dict, Dict[str, Tensor]]:
        stage = self.current_stage()
        self.active_groups = tuple(g_groups) + tuple(d_groups)
        log_vars: Dict[str, Tensor] = {}
        if g_groups:
            g_optims = [optim_wrapper[g] for g in g_groups]
            for o in g_optims:
                o.zero_grad()
            with g_optims[0].optim_context(self), frozen(
                    self.frozen_modules(stage)):
                outputs = self.forward_train(step)
                g_losses = self.generator_loss(step, outputs)
            loss_g, logs = self._parse(g_losses, 'loss_g')
            self._step(g_optims, loss_g)
            log_vars.update(logs)
        else:
            with torch.no_grad():
                outputs = self.forward_train(step)
        outputs = detach_all(outputs)
        if d_groups:
            d_optims = [optim_wrapper[g] for g in d_groups]
            for o in d_optims:
                o.zero_grad()
            with d_optims[0].optim_context(self):
                d_losses = self.discriminator_loss(step, outputs)
            loss_d, logs = self._parse(d_losses, 'loss_d')
            self._step(d_optims, loss_d)
            log_vars.update(logs)
        if len(self.stages) > 1:
            names = [n for n, _ in self.stages]
            log_vars['stage'] = torch.tensor(float(names.index(stage) + 1))
        return outputs, log_vars

    @staticmethod
    def _step(optims: list, loss: Tensor) -> None:
        """Backward once, then step every optimizer of the phase."""
        if len(optims) == 1:
            optims[0].update_params(loss)
            return
        optims[0].backward(loss)
        for o in optims:
            o.step()
            o.zero_grad()

    # ------------------------------------------------------------------
    # inference: one implementation for val, test, hooks and tools
    def forward(self, inputs, data_samples=None, mode: str = 'predict'):
        """``predict`` returns data samples with translations; ``tensor``
        returns the raw :meth:`translate` outputs per (source, target)."""
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            out = {}
            for source, inp in inputs.items():
                for target in self._targets_of(source):
                    out[(source, target)] = self.translate(
                        inp['img'], source, target, inp['masks'],
                        inp['valid'])
            return out
        raise ValueError(f'{type(self).__name__} supports modes "predict" '
                         f'and "tensor" (training uses train_step), got '
                         f'{mode!r}')

    def _targets_of(self, source: str) -> List[str]:
        return list(
            self.test_targets.get(source, self.default_targets(source)))

    def _test_styles(self, num: int, target: str,
                     styles: Optional[Sequence[Tensor]]) -> list:
        """The style of each of the K translations of a batch: given
        ``styles`` (each (d,), (1, d) or (num, d)), else K =
        ``test_num_styles`` random codes per image; ``[None]`` for
        deterministic methods."""
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

    @torch.no_grad()
    def predict(self,
                inputs: Dict[str, DomainInputs],
                data_samples: Dict[str, list],
                targets: Optional[Dict[str, Sequence[str]]] = None,
                styles: Optional[Sequence[Tensor]] = None) -> list:
        """Translate every source image to each of its target domains.

        Args:
            targets (dict, optional): Source -> target domains, overriding
                ``test_targets`` / :meth:`default_targets`.
            styles (Sequence[Tensor], optional): Style codes for multimodal
                methods (e.g. encoded from a reference image), one
                translation each. Default: ``test_num_styles`` random
                styles from the prior.

        Returns one data sample per (image, target, style) with
        ``pred_img`` (uint8), ``pred_instances.masks`` when the method
        translates masks, and ``target_domain`` in its metainfo; multimodal
        methods add ``style_index`` (metainfo) and ``pred_style`` (the code
        used).
        """
        results = []
        for source, inp in inputs.items():
            samples = data_samples[source]
            targets_of = list((targets or {}).get(source, [])) or \
                self._targets_of(source)
            for target in targets_of:
                codes = self._test_styles(len(samples), target, styles)
                for k, style in enumerate(codes):
                    out = self.translate(inp['img'], source, target,
                                         inp['masks'], inp['valid'],
                                         style=style)
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
