"""Training stages and the optimizer groups each iteration updates."""
from typing import List, Optional, Sequence, Tuple, Union

import torch.nn as nn
from mmengine.model import is_model_wrapper

from .step_context import StepContext


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
            :func:`mmi2i.apis.resolve_epoch_schedule`); stages in epochs
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


class StageMixin:
    """The schedule part of :class:`~.BaseTranslationModel`: which stage
    an iteration belongs to, which optimizer groups it updates and which
    networks stay frozen, summed up in a :class:`StepContext`."""

    #: Stage names the method knows (None: only the default ``'train'``);
    #: ``stages`` in a config must use them.
    stage_names: Optional[Tuple[str, ...]] = None
    #: Optimizer groups stepped after the generator losses, and after the
    #: discriminator losses (any number each, e.g. DRIT++'s content
    #: discriminator with its own learning rate).
    generator_groups: Tuple[str, ...] = ('generators', )
    discriminator_groups: Tuple[str, ...] = ('discriminators', )
    #: Prefixes of child names in each optimizer group; subclasses extend.
    optim_group_prefixes = {
        'generators': ('generator', 'encoder', 'content_encoder', 'decoder',
                       'style', 'memory'),
        'discriminators': ('discriminator', )
    }

    # set by BaseTranslationModel.__init__
    stages: List[Tuple[str, Optional[int]]]
    disc_steps: int
    disc_init_steps: int

    def _check_stages(self, stages, run_stages,
                      iters_per_epoch=None) -> List[Tuple[str, int]]:
        if stages is None:
            return [('train', 0)]
        known = self.stage_names or ('train', )
        for st in stages:
            if st['name'] not in known:
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
                '(mmi2i.apis.resolve_epoch_schedule); set an int to train '
                'otherwise')
        end = 0
        for name, iters in self.stages:
            end += iters
            if iteration < end:
                return name
        return self.stages[-1][0]

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

    def step_context(self, iteration: int, step: int = 0) -> StepContext:
        """The :class:`StepContext` of update ``step`` of training
        iteration ``iteration``."""
        g_groups, d_groups = self.update_groups(iteration)
        lockstep = any(is_model_wrapper(m) for m in self.children())
        return StepContext(iteration, self.stage_at(iteration), step,
                           tuple(g_groups), tuple(d_groups), lockstep)

    def discriminator_modules(self) -> List[nn.Module]:
        """The networks of the :attr:`discriminator_groups`."""
        prefixes = tuple(p for g in self.discriminator_groups
                         for p in self.optim_group_prefixes.get(g, ()))
        return [m for n, m in self.named_children() if n.startswith(prefixes)]

    def frozen_modules(self, stage: str) -> List[nn.Module]:
        """Networks that must not change (and get no gradient) during the
        generator phase of ``stage``. Default: the discriminators."""
        return self.discriminator_modules()
