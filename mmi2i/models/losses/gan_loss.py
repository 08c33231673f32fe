"""Adversarial losses as small functions plus a registered module."""
from typing import Callable, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

from mmi2i.registry import LOSSES
from mmi2i.utils import all_reduce_mean


def lsgan_loss(pred: Tensor, target_is_real: bool) -> Tensor:
    """Least-squares GAN: mean((D(x) - t)^2), t = 1 for real, 0 for fake."""
    return F.mse_loss(pred, torch.full_like(pred, float(target_is_real)))


def vanilla_gan_loss(pred: Tensor, target_is_real: bool) -> Tensor:
    """Non-saturating GAN loss on logits (binary cross-entropy)."""
    return F.binary_cross_entropy_with_logits(
        pred, torch.full_like(pred, float(target_is_real)))


def hinge_gan_loss(pred: Tensor, target_is_real: bool,
                   is_disc: bool) -> Tensor:
    """Hinge loss: D uses relu(1 -+ D(x)); G uses -D(G(z))."""
    if is_disc:
        sign = -1.0 if target_is_real else 1.0
        return F.relu(1.0 + sign * pred).mean()
    return -pred.mean() if target_is_real else pred.mean()


def wgan_loss(pred: Tensor, target_is_real: bool) -> Tensor:
    """Wasserstein critic loss: -D(x) for real, D(x) for fake."""
    return -pred.mean() if target_is_real else pred.mean()


def gradient_penalty(critic: Callable[[Tensor], Tensor],
                     real: Tensor,
                     fake: Tensor,
                     generator: Optional[torch.Generator] = None,
                     head: Optional[int] = None,
                     one_sided: bool = False) -> Tensor:
    """WGAN-GP penalty mean((||grad D(x_hat)||_2 - 1)^2) on random
    interpolates ``x_hat`` of real and fake samples.

    Args:
        head (int, optional): For a discriminator with several outputs
            (e.g. StarGAN's real/fake and domain-classification heads),
            the index of the adversarial one: the penalty is on its
            gradient only.
        one_sided (bool): Penalize only norms above 1,
            mean(max(0, ||grad|| - 1)^2).
    """
    alpha = torch.rand(real.shape[0], 1, 1, 1, generator=generator).to(real)
    x_hat = (alpha * real.detach() + (1 - alpha) * fake.detach())
    x_hat.requires_grad_(True)
    out = critic(x_hat)
    if isinstance(out, (tuple, list)):
        if head is None:
            raise ValueError(
                f'the discriminator returns {len(out)} outputs; name the '
                'adversarial one with head=K (GradientPenaltyLoss(head=K))')
        out = out[head]
    grads = torch.autograd.grad(
        out.sum(), x_hat, create_graph=True, retain_graph=True)[0]
    excess = grads.flatten(1).norm(2, dim=1) - 1
    if one_sided:
        excess = excess.clamp(min=0)
    return (excess**2).mean()


GAN_TYPES = ('lsgan', 'vanilla', 'hinge', 'wgan', 'wgan-gp')


@LOSSES.register_module()
class GANLoss(nn.Module):
    """GAN loss of a given type.

    Args:
        gan_type (str): One of ``lsgan``, ``vanilla``, ``hinge``, ``wgan``
            and ``wgan-gp`` (the critic loss of WGAN; add
            :class:`GradientPenaltyLoss` for the penalty).
        loss_weight (float): Weight of the generator's adversarial term.
            The discriminator's loss is not weighted here (methods scale it,
            e.g. by 0.5).
    """

    def __init__(self, gan_type: str = 'lsgan',
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if gan_type not in GAN_TYPES:
            raise ValueError(f'gan_type must be one of {GAN_TYPES}, got '
                             f'{gan_type!r}')
        self.gan_type = gan_type
        self.loss_weight = loss_weight

    def forward(self, pred, target_is_real: bool,
                is_disc: bool = False) -> Tensor:
        """``pred``: logits, or a list of them (multi-scale
        discriminators: the per-scale losses are summed, as in MUNIT and
        DRIT)."""
        if isinstance(pred, (list, tuple)):
            return sum(self.forward(p, target_is_real, is_disc) for p in pred)
        if self.gan_type == 'lsgan':
            loss = lsgan_loss(pred, target_is_real)
        elif self.gan_type == 'vanilla':
            loss = vanilla_gan_loss(pred, target_is_real)
        elif self.gan_type == 'hinge':
            loss = hinge_gan_loss(pred, target_is_real, is_disc)
        else:
            loss = wgan_loss(pred, target_is_real)
        return loss if is_disc else loss * self.loss_weight


@LOSSES.register_module()
class GradientPenaltyLoss(nn.Module):
    """WGAN-GP gradient penalty, ``loss_weight`` x :func:`gradient_penalty`
    (``head``: the adversarial output of a multi-head discriminator;
    ``one_sided``: penalize only norms above 1)."""

    def __init__(self, loss_weight: float = 10.0,
                 head: Optional[int] = None,
                 one_sided: bool = False) -> None:
        super().__init__()
        self.loss_weight = loss_weight
        self.head = head
        self.one_sided = one_sided

    def penalty(self, critic: Callable[[Tensor], Tensor], real: Tensor,
                fake: Tensor) -> Tensor:
        """The unweighted penalty."""
        return gradient_penalty(critic, real, fake, head=self.head,
                                one_sided=self.one_sided)

    def forward(self, critic: Callable[[Tensor], Tensor], real: Tensor,
                fake: Tensor) -> Tensor:
        return self.loss_weight * self.penalty(critic, real, fake)


@LOSSES.register_module()
class AdaptiveGradientPenaltyLoss(GradientPenaltyLoss):
    """WGAN-GP with the adaptive weighting of Deep Photo Enhancer (Chen et
    al., CVPR 2018, "A-WGAN"), which CGL adopts for eq. 9.

    The weight lambda starts at ``loss_weight``. After every training-time
    call the unweighted penalty p (averaged over DDP ranks, so that every
    rank keeps the same lambda) enters a moving average
    ``m <- decay * m + (1 - decay) * p`` (the first call is skipped). When
    ``m`` exceeds ``bound``, lambda is multiplied by ``growth`` and ``m``
    restarts at 0, at most once every ``cooldown`` calls. The
    penalty returned is lambda x p with the lambda in force before the
    update. lambda only grows: a critic whose gradients keep leaving the
    unit ball is held to it harder, one that keeps them near 1 is left
    alone. Defaults are those of the authors' released code (bound 0.05,
    decay 0.99, growth 2, 50 calls of cooldown; the authors' flags as
    reproduced by public ports of their code). Use one instance per
    discriminator: its state is that critic's.

    lambda, the moving average and the cooldown are buffers, so a resumed
    run continues with them; :attr:`weight` is what a method logs.

    Args:
        loss_weight (float): Initial lambda.
        head (int, optional): See :class:`GradientPenaltyLoss`.
        bound (float): Moving-average level above which lambda grows.
        decay (float): Moving-average decay per call.
        growth (float): Factor applied to lambda.
        cooldown (int): Calls after a change before the next one.
        one_sided (bool): See :class:`GradientPenaltyLoss`. Deep Photo
            Enhancer's code penalizes only norms above 1; CGL's eq. 9
            writes the two-sided penalty (the default).
    """

    def __init__(self, loss_weight: float = 10.0,
                 head: Optional[int] = None, bound: float = 0.05,
                 decay: float = 0.99, growth: float = 2.0,
                 cooldown: int = 50, one_sided: bool = False) -> None:
        super().__init__(loss_weight, head, one_sided)
        if not 0 <= decay < 1:
            raise ValueError(f'decay must be in [0, 1), got {decay}')
        if growth < 1:
            raise ValueError(f'growth must be >= 1, got {growth}')
        self.bound, self.decay, self.growth = bound, decay, growth
        self.cooldown = int(cooldown)
        self.register_buffer('weight', torch.tensor(float(loss_weight),
                                                    dtype=torch.float64))
        self.register_buffer('moving_avg',
                             torch.tensor(0.0, dtype=torch.float64))
        self.register_buffer('wait', torch.tensor(0))
        self.register_buffer('calls', torch.tensor(0))

    def update(self, penalty: float) -> None:
        """One step of the weighting rule for an unweighted penalty."""
        if int(self.calls) >= 1:
            self.moving_avg.mul_(self.decay).add_((1 - self.decay) * penalty)
        self.calls.add_(1)
        if int(self.wait) == 0 and float(self.moving_avg) > self.bound:
            self.weight.mul_(self.growth)
            self.wait.fill_(self.cooldown)
            self.moving_avg.zero_()
        if int(self.wait) > 0:
            self.wait.sub_(1)

    def forward(self, critic: Callable[[Tensor], Tensor], real: Tensor,
                fake: Tensor) -> Tensor:
        penalty = self.penalty(critic, real, fake)
        loss = float(self.weight) * penalty
        if self.training and torch.is_grad_enabled():
            self.update(float(all_reduce_mean(penalty.detach())))
        return loss
