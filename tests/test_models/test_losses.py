import pytest
import torch
import torch.nn.functional as F

from mmi2i.models.losses import (GANLoss, L1Loss, gradient_penalty,
                                 hinge_gan_loss, lsgan_loss, weighted_l1,
                                 wgan_loss)


def test_lsgan_values():
    pred = torch.tensor([0.0, 1.0, 2.0])
    assert lsgan_loss(pred, True).item() == pytest.approx((1 + 0 + 1) / 3)
    assert lsgan_loss(pred, False).item() == pytest.approx((0 + 1 + 4) / 3)


def test_vanilla_hinge_wgan():
    pred = torch.tensor([0.5, -1.0])
    loss = GANLoss('vanilla')(pred, True)
    assert loss.item() == pytest.approx(
        F.binary_cross_entropy_with_logits(pred, torch.ones(2)).item())
    # D hinge: mean(relu(1 - 0.5), relu(1 + 1)) = 1.25 for real
    assert hinge_gan_loss(pred, True, True).item() == pytest.approx(1.25)
    assert hinge_gan_loss(pred, True, False).item() == pytest.approx(0.25)
    assert wgan_loss(pred, True).item() == pytest.approx(0.25)


def test_loss_weight_only_for_generator():
    gan = GANLoss('lsgan', loss_weight=3.0)
    pred = torch.zeros(4)
    assert gan(pred, True).item() == pytest.approx(3.0)
    assert gan(pred, True, is_disc=True).item() == pytest.approx(1.0)
    with pytest.raises(ValueError, match='gan_type'):
        GANLoss('least-squares')


def test_gradient_penalty_of_linear_critics():
    real, fake = torch.randn(4, 3, 2, 2), torch.randn(4, 3, 2, 2)
    w = torch.randn(3, 2, 2)
    unit = w / w.norm()
    gp = gradient_penalty(lambda x: (x * unit).sum((1, 2, 3)), real, fake)
    assert gp.item() == pytest.approx(0.0, abs=1e-10)
    gp = gradient_penalty(lambda x: (x * 2 * unit).sum((1, 2, 3)), real,
                          fake)
    assert gp.item() == pytest.approx(1.0, abs=1e-5)


def test_gradient_penalty_on_the_adversarial_head():
    """A two-head critic: the penalty takes head 0's gradient (norm 3,
    penalty (3 - 1)^2 = 4), whatever the classification head does."""
    from mmi2i.models.losses import GradientPenaltyLoss
    real, fake = torch.randn(2, 1, 1, 2), torch.randn(2, 1, 1, 2)
    a = torch.tensor([3.0, 0.0]).view(1, 1, 2)

    def critic(x):
        return (x * a).sum((1, 2, 3)), (x**3).sum((1, 2, 3))

    assert gradient_penalty(critic, real, fake, head=0).item() == \
        pytest.approx(4.0)
    assert GradientPenaltyLoss(2.0, head=0)(critic, real, fake).item() == \
        pytest.approx(8.0)
    with pytest.raises(ValueError, match='head=K'):
        gradient_penalty(critic, real, fake)


def test_weighted_l1():
    pred, target = torch.ones(1, 1, 2, 2), torch.zeros(1, 1, 2, 2)
    weight = torch.tensor([[[[1.0, 0.0], [0.0, 0.0]]]])
    assert weighted_l1(pred, target).item() == 1.0
    assert weighted_l1(pred, target, weight).item() == 0.25
    assert L1Loss(loss_weight=10)(pred, target, weight).item() == 2.5


def test_latent_losses_by_hand():
    import math

    from mmi2i.models.losses import (ContentAdversarialLoss, KLDivergenceLoss,
                                     kl_divergence, l2_regularize,
                                     mode_seeking)
    mu = torch.tensor([[1.0, 0.0]])
    logvar = torch.tensor([[0.0, math.log(2.0)]])
    # -1/2 [(1 + 0 - 1 - 1) + (1 + log 2 - 0 - 2)] = 1 - log(2) / 2
    assert kl_divergence(mu, logvar).item() == pytest.approx(
        1 - math.log(2) / 2)
    assert KLDivergenceLoss(0.01)(mu, logvar).item() == pytest.approx(
        0.01 * (1 - math.log(2) / 2))
    # a sum over the batch (DRIT's form), not a mean
    assert kl_divergence(mu.repeat(3, 1), logvar.repeat(3, 1)).item() == \
        pytest.approx(3 * (1 - math.log(2) / 2))
    assert l2_regularize(torch.tensor([1.0, -3.0])).item() == 5.0
    # |out1 - out2| = 0.5 on average, |z1 - z2| = 2: 1 / (0.25 + eps)
    out1, out2 = torch.zeros(1, 3, 2, 2), torch.full((1, 3, 2, 2), 0.5)
    z1, z2 = torch.zeros(1, 4), torch.full((1, 4), 2.0)
    assert mode_seeking(out1, out2, z1, z2, eps=0).item() == \
        pytest.approx(4.0)
    adv = ContentAdversarialLoss(loss_weight=2.0)
    logits = [torch.tensor([2.0])]
    assert adv(logits, 1.0, is_disc=True).item() == pytest.approx(
        F.softplus(torch.tensor(-2.0)).item())
    # encoders: BCE against 0.5, weighted
    half = 0.5 * F.softplus(torch.tensor(-2.0)) + 0.5 * F.softplus(
        torch.tensor(2.0))
    assert adv(logits, 0.5).item() == pytest.approx(2 * half.item())


def test_gan_loss_sums_over_scales():
    gan = GANLoss('lsgan')
    preds = [torch.zeros(1, 1, 2, 2), torch.full((1, 1, 1, 1), 2.0)]
    assert gan(preds, True).item() == pytest.approx(1.0 + 1.0)
    assert gan(preds, False, is_disc=True).item() == pytest.approx(0 + 4.0)
