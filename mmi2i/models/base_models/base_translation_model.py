"""The shared base of every unpaired translation model."""
import copy
import dataclasses
import difflib
from abc import abstractmethod
from collections import OrderedDict
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
from mmengine.logging import MessageHub
from mmengine.model import BaseModel
from mmengine.optim import OptimWrapperDict
from torch import Tensor

from mmi2i.registry import MODELS
from ..utils import detach_all, frozen
from .inference import DomainInputs, InferenceMixin
from .stages import StageMixin, stage_lengths
from .step_context import StepContext

__all__ = ['BaseTranslationModel', 'DomainInputs', 'StepContext',
           'stage_lengths']


class BaseTranslationModel(StageMixin, InferenceMixin, BaseModel):
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
    implementation that writes translations into the data samples
    (:class:`~.inference.InferenceMixin`). Each training call of the
    method gets a :class:`StepContext` (iteration, stage, step, updated
    groups; :class:`~.stages.StageMixin`).

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
            (:func:`mmi2i.apis.resolve_epoch_schedule`).
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

    def __init__(self,
                 domains: Sequence[str],
                 losses: Optional[dict] = None,
                 loss_overrides: Optional[dict] = None,
                 disc_steps: int = 1,
                 disc_init_steps: int = 0,
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
        self.test_targets = dict(test_targets or {})
        self.stages = self._check_stages(stages, run_stages,
                                         iters_per_epoch)
        if test_num_styles < 1:
            raise ValueError(f'test_num_styles must be >= 1, got '
                             f'{test_num_styles}')
        self.test_num_styles = test_num_styles

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
    def forward_train(self, inputs: Dict[str, DomainInputs],
                      ctx: StepContext) -> dict:
        """Run the generators on a training batch; return named outputs.
        Without gradients when ``ctx`` has no generator update."""

    @abstractmethod
    def generator_loss(self, inputs: Dict[str, DomainInputs], outputs: dict,
                       ctx: StepContext) -> Dict[str, Tensor]:
        """Generator losses (discriminators are frozen while this runs)."""

    @abstractmethod
    def discriminator_loss(self, inputs: Dict[str, DomainInputs],
                           outputs: dict,
                           ctx: StepContext) -> Dict[str, Tensor]:
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

    # ------------------------------------------------------------------
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

    @staticmethod
    def loop_iteration() -> int:
        """The training iteration MMEngine's loop is in. ``train_step``
        receives only the batch and the optimizers; the loop publishes
        the iteration in its MessageHub, read here and nowhere else (the
        method gets it in the :class:`StepContext`)."""
        return int(MessageHub.get_current_instance().get_info('iter') or 0)

    def _parse(self, losses: Dict[str, Tensor],
               name: str) -> Tuple[Tensor, Dict[str, Tensor]]:
        loss, log_vars = self.parse_losses(losses)
        log_vars[name] = log_vars.pop('loss')
        return loss, log_vars

    def step_inputs(self, inputs: dict, ctx: StepContext,
                    prev_step: Optional[dict],
                    prev_outputs: Optional[dict]) -> Optional[dict]:
        """Inputs of update ``ctx.step`` of one training iteration.

        Most methods make one generator/discriminator update per batch
        (the default: the batch itself, then None). Methods that split a
        sample into several updates (InstaGAN's sequential mini-batches)
        return one step after another, built from the previous step and
        its (detached) outputs, and None when done.
        """
        return inputs if ctx.step == 0 else None

    def train_step(self, data: dict,
                   optim_wrapper: OptimWrapperDict) -> Dict[str, Tensor]:
        """One iteration: for each step of :meth:`step_inputs`, a generator
        update (every ``disc_steps`` iterations) and a discriminator update
        on the same, detached, outputs. Logged losses are averaged over the
        steps."""
        data = self.data_preprocessor(data, True)
        inputs = data['inputs']
        self._check_domains(inputs)
        ctx = self.step_context(self.loop_iteration())
        logs: Dict[str, List[Tensor]] = {}
        step, outputs = None, None
        while True:
            step = self.step_inputs(inputs, ctx, step, outputs)
            if step is None:
                break
            outputs, step_logs = self._update(step, optim_wrapper, ctx)
            for k, v in step_logs.items():
                logs.setdefault(k, []).append(v)
            ctx = dataclasses.replace(ctx, step=ctx.step + 1)
        return {k: torch.stack(v).mean() for k, v in logs.items()}

    def _update(self, step: dict, optim_wrapper: OptimWrapperDict,
                ctx: StepContext) -> Tuple[dict, Dict[str, Tensor]]:
        log_vars: Dict[str, Tensor] = {}
        if ctx.generator_groups:
            g_optims = [optim_wrapper[g] for g in ctx.generator_groups]
            for o in g_optims:
                o.zero_grad()
            with g_optims[0].optim_context(self), frozen(
                    self.frozen_modules(ctx.stage)):
                outputs = self.forward_train(step, ctx)
                g_losses = self.generator_loss(step, outputs, ctx)
            loss_g, logs = self._parse(g_losses, 'loss_g')
            self._step(g_optims, loss_g)
            log_vars.update(logs)
        else:
            with torch.no_grad():
                outputs = self.forward_train(step, ctx)
        outputs = detach_all(outputs)
        if ctx.discriminator_groups:
            d_optims = [optim_wrapper[g] for g in ctx.discriminator_groups]
            for o in d_optims:
                o.zero_grad()
            with d_optims[0].optim_context(self):
                d_losses = self.discriminator_loss(step, outputs, ctx)
            loss_d, logs = self._parse(d_losses, 'loss_d')
            self._step(d_optims, loss_d)
            log_vars.update(logs)
        if len(self.stages) > 1:
            names = [n for n, _ in self.stages]
            log_vars['stage'] = torch.tensor(
                float(names.index(ctx.stage) + 1))
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
