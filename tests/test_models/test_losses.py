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


def _linear_critic(norm):
    """D(x) = <a, x> with ||a|| = norm: the penalty is (norm - 1)^2."""
    a = torch.zeros(1, 1, 2)
    a[..., 0] = norm
    return lambda x: (x * a).sum((1, 2, 3))


def test_adaptive_gradient_penalty_rule_by_hand():
    """Deep Photo Enhancer's rule: the first call is skipped, then
    m = 0.99 m + 0.01 p; with p = 1 (norm 2), m = 1 - 0.99^5 = 0.0490
    after call 6 and 0.0585 > 0.05 at call 7, so lambda doubles there and m
    restarts; m passes the bound again at call 13 but the next change
    waits for call 57 = 7 + 50.
    """
    from mmi2i.models.losses import AdaptiveGradientPenaltyLoss
    gp = AdaptiveGradientPenaltyLoss(10.0, bound=0.05, decay=0.99)
    real, fake = torch.randn(2, 1, 1, 2), torch.randn(2, 1, 1, 2)
    weights, losses = [], []
    for _ in range(57):
        losses.append(gp(_linear_critic(2.0), real, fake).item())
        weights.append(float(gp.weight))
        if len(weights) == 6:
            assert float(gp.moving_avg) == pytest.approx(1 - 0.99**5)
    assert weights[:6] == [10.0] * 6 and weights[6] == 20.0
    assert losses[6] == pytest.approx(10.0)  # lambda in force: 10
    assert losses[7] == pytest.approx(20.0)
    assert weights[55] == 20.0 and weights[56] == 40.0
    # a critic inside the unit ball never raises lambda
    calm = AdaptiveGradientPenaltyLoss(10.0)
    for _ in range(20):
        calm(_linear_critic(1.0), real, fake)
    assert float(calm.weight) == 10.0 and float(calm.moving_avg) < 1e-8
    # one-sided: a norm below 1 is not penalized
    soft = AdaptiveGradientPenaltyLoss(10.0, one_sided=True)
    assert soft(_linear_critic(0.5), real, fake).item() == 0.0
    assert AdaptiveGradientPenaltyLoss(10.0)(
        _linear_critic(0.5), real, fake).item() == pytest.approx(2.5)
    from mmi2i.models.losses import GradientPenaltyLoss
    assert GradientPenaltyLoss(10.0, one_sided=True)(
        _linear_critic(0.5), real, fake).item() == 0.0


def test_adaptive_gradient_penalty_state_resumes_and_eval_is_frozen():
    from mmi2i.models.losses import AdaptiveGradientPenaltyLoss
    real, fake = torch.randn(2, 1, 1, 2), torch.randn(2, 1, 1, 2)
    gp = AdaptiveGradientPenaltyLoss(10.0, cooldown=3)
    for _ in range(8):
        gp(_linear_critic(3.0), real, fake)
    state = gp.state_dict()
    assert set(state) == {'weight', 'moving_avg', 'wait', 'calls'}
    other = AdaptiveGradientPenaltyLoss(10.0, cooldown=3)
    other.load_state_dict(state)
    for net in (gp, other):
        for _ in range(5):
            net(_linear_critic(3.0), real, fake)
    assert float(other.weight) == float(gp.weight) > 20.0
    assert float(other.moving_avg) == float(gp.moving_avg)
    frozen = dict(gp.state_dict())
    gp.eval()
    gp(_linear_critic(3.0), real, fake)
    assert all(torch.equal(v, frozen[k]) for k, v in gp.state_dict().items())
    with pytest.raises(ValueError, match='decay'):
        AdaptiveGradientPenaltyLoss(decay=1.0)


def _adaptive_gp_worker(rank, port, out):
    import torch.distributed as dist

    from mmi2i.models.losses import AdaptiveGradientPenaltyLoss
    dist.init_process_group('gloo', init_method=f'tcp://127.0.0.1:{port}',
                            rank=rank, world_size=2)
    gp = AdaptiveGradientPenaltyLoss(10.0)
    real, fake = torch.randn(2, 1, 1, 2), torch.randn(2, 1, 1, 2)
    for _ in range(6):  # rank 0: p = 4, rank 1: p = 0; mean 2
        gp(_linear_critic(3.0 if rank == 0 else 1.0), real, fake)
    torch.save(dict(gp.state_dict()), f'{out}/rank{rank}.pth')
    dist.destroy_process_group()


def test_adaptive_gradient_penalty_same_lambda_on_every_rank(tmp_path):
    """Each rank sees its own penalty; lambda follows their mean 2 (it
    doubles at call 4: m = 0.02, 0.0398, 0.0594), the same on both ranks
    (without the all-reduce rank 0 would double at call 3 and rank 1 stay
    at 10)."""
    import os

    import torch.multiprocessing as mp
    port = 29000 + os.getpid() % 500
    mp.spawn(_adaptive_gp_worker, args=(port, str(tmp_path)), nprocs=2)
    states = [torch.load(tmp_path / f'rank{r}.pth') for r in (0, 1)]
    assert float(states[0]['weight']) == float(states[1]['weight']) == 20.0
    assert float(states[0]['moving_avg']) == float(states[1]['moving_avg'])


def test_vgg_loss_reads_its_weights_at_the_first_call(tmp_path, monkeypatch):
    """Building the loss (so a model, for test or translate) needs no VGG
    file; the first training call does, and says which and where."""
    from mmi2i.models.losses import VGGPerceptualLoss
    monkeypatch.setenv('TORCH_HOME', str(tmp_path))
    loss = VGGPerceptualLoss()
    assert loss.vgg is None and not list(loss.state_dict())
    x = torch.rand(1, 3, 32, 32) * 2 - 1
    with pytest.raises(FileNotFoundError, match='vgg19-dcbb9e9d.pth'):
        loss(x, x.flip(-1))
    untrained = VGGPerceptualLoss(pretrained=False)
    assert untrained(x, x).item() == 0
    assert untrained(x, x.flip(-1)).item() > 0
    assert untrained.vgg is not None
