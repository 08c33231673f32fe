"""What the training loop tells a method about the update it is in."""
from dataclasses import dataclass
from typing import Tuple


@dataclass(frozen=True)
class StepContext:
    """Passed to :meth:`~.BaseTranslationModel.step_inputs`,
    :meth:`~.BaseTranslationModel.forward_train`,
    :meth:`~.BaseTranslationModel.generator_loss` and
    :meth:`~.BaseTranslationModel.discriminator_loss`: everything a method
    may branch on, so that no method reads loop state from attributes or
    globals.

    Attributes:
        iteration (int): The training iteration (0-based).
        stage (str): The stage it belongs to (``'train'`` for single-stage
            methods; :attr:`~.BaseTranslationModel.stage_names`).
        step (int): The update within the iteration (0 unless the method
            splits a batch, as InstaGAN's sequential mini-batches).
        generator_groups (tuple[str]): Optimizer groups stepped after the
            generator losses (empty: no generator update this iteration).
        discriminator_groups (tuple[str]): Optimizer groups stepped after
            the discriminator losses.
        lockstep (bool): The networks are wrapped for DDP, so every rank
            must call every network in every step (a method may skip idle
            work only when this is False).
    """

    iteration: int
    stage: str
    step: int = 0
    generator_groups: Tuple[str, ...] = ()
    discriminator_groups: Tuple[str, ...] = ()
    lockstep: bool = False

    @property
    def groups(self) -> Tuple[str, ...]:
        """Every optimizer group updated in this step."""
        return self.generator_groups + self.discriminator_groups

    def updates(self, *groups: str) -> bool:
        """Whether any of ``groups`` is updated in this step."""
        return any(g in self.groups for g in groups)
