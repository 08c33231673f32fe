import pytest
import torch
import torch.nn.functional as F

from mmi2i.models.archs import (ImagePool, InstanceNorm2d, PatchDiscriminator,
                                ResnetGenerator, SpectralNormConv2d,
                                build_norm, init_gan_weights)


def test_resnet_generator_shapes():
    g = ResnetGenerator(4, 4, base_channels=8, num_blocks=2)
    g.init_weights()
    x = torch.randn(2, 4, 32, 32)
    y = g(x)
    assert y.shape == (2, 4, 32, 32)
    assert y.abs().max() <= 1.0
    # instance norm without affine: no norm parameters at all
    assert not any('norm' in n.lower() for n, _ in g.named_parameters())


def test_patch_discriminator():
    d = PatchDiscriminator(3, base_channels=8, num_conv=3)
    assert d(torch.randn(1, 3, 64, 64)).shape == (1, 1, 6, 6)
    d = PatchDiscriminator(3, base_channels=8, with_spectral_norm=True,
                           norm_cfg=None)
    d.init_weights()
    names = [n for n, _ in d.named_parameters()]
    assert all(n.endswith(('weight_orig', 'bias')) for n in names)


def test_spectral_norm_conv_is_torch_spectral_norm():
    """Same draws, keys, power iteration and (in float64) function and
    gradients as nn.utils.spectral_norm(nn.Conv2d), with two calls
    before one backward (D(real) - D(fake))."""
    torch.manual_seed(0)
    ref = torch.nn.utils.spectral_norm(torch.nn.Conv2d(6, 5, 4, 2, 1))
    torch.manual_seed(0)
    conv = SpectralNormConv2d(6, 5, 4, 2, 1)
    assert list(conv.state_dict()) == list(ref.state_dict())
    assert not hasattr(conv, 'weight')
    for key, value in ref.state_dict().items():
        assert torch.equal(conv.state_dict()[key], value)
    ref.double()
    conv.double()
    x = torch.randn(2, 6, 9, 9, dtype=torch.float64)
    for train in (True, True, False):
        ref.train(train)
        conv.train(train)
        outs = []
        for m in (ref, conv):
            m.zero_grad()
            xi = x.clone().requires_grad_()
            loss = m(xi).square().mean() - m(xi.flip(-1)).mean()
            loss.backward()
            outs.append((loss, xi.grad, m.weight_orig.grad, m.bias.grad))
        for got, want in zip(outs[1], outs[0]):
            torch.testing.assert_close(got, want, rtol=1e-12, atol=1e-12)
        for buf in ('weight_u', 'weight_v'):
            assert torch.equal(getattr(conv, buf), getattr(ref, buf))
    u = conv.weight_u.clone()
    conv(x)
    assert torch.equal(conv.weight_u, u)  # eval: no power iteration
    torch.testing.assert_close(conv.normalized_weight(), ref.weight)
    # differentiable through sigma, as torch's weight
    ref(x)  # (eval: recomputes ref.weight without a power-iteration step)
    (g_ref, ) = torch.autograd.grad(ref.weight.sum(), ref.weight_orig)
    (g, ) = torch.autograd.grad(conv.normalized_weight().sum(),
                                conv.weight_orig)
    torch.testing.assert_close(g, g_ref)
    # checkpoints load both ways; init writes the raw weight
    conv.load_state_dict(ref.state_dict())
    init_gan_weights(conv, 'normal', 0.5)
    assert 0.3 < float(conv.weight_orig.std()) < 0.7
    with pytest.raises(ValueError, match='n_power_iterations'):
        SpectralNormConv2d(2, 2, 3, n_power_iterations=0)


class _AuthorsSpectralNormConv(torch.nn.Module):
    """The InstaGAN authors' spectral norm around a conv, written from
    its description: u, v are parameters whose ``.data`` the power
    iteration replaces at every call, so a backward over several calls
    sees the latest vectors."""

    def __init__(self, conv: SpectralNormConv2d) -> None:
        super().__init__()
        self.w_bar = torch.nn.Parameter(conv.weight_orig.detach().clone())
        self.bias = torch.nn.Parameter(conv.bias.detach().clone())
        self.u = torch.nn.Parameter(conv.weight_u.clone(), False)
        self.v = torch.nn.Parameter(conv.weight_v.clone(), False)
        self.stride, self.padding = conv.stride, conv.padding

    def forward(self, x):
        mat = self.w_bar.view(self.w_bar.shape[0], -1)
        v = mat.data.t().mv(self.u.data)
        self.v.data = v / (v.norm() + 1e-12)
        u = mat.data.mv(self.v.data)
        self.u.data = u / (u.norm() + 1e-12)
        sigma = self.u.dot(mat.mv(self.v))
        return F.conv2d(x, self.w_bar / sigma, self.bias, self.stride,
                        self.padding)


def test_spectral_norm_conv_latest_vectors_as_the_authors():
    """sigma_grad_vectors='latest': values as 'own', gradients as the
    authors' spectral norm over two calls before one backward (float64);
    'own' gives another weight gradient there."""
    torch.manual_seed(0)
    latest = SpectralNormConv2d(3, 8, 4, 2, 1,
                                sigma_grad_vectors='latest').double()
    own = SpectralNormConv2d(3, 8, 4, 2, 1).double()
    own.load_state_dict(latest.state_dict())
    ref = _AuthorsSpectralNormConv(latest)
    x = torch.randn(2, 3, 10, 10, dtype=torch.float64)
    outs = []
    for m in (ref, latest, own):
        xi = x.clone().requires_grad_()
        loss = m(xi).square().mean() - m(xi.flip(-1)).mean()
        loss.backward()
        w = m.w_bar if m is ref else m.weight_orig
        outs.append((loss, xi.grad, w.grad, m.bias.grad))
    for got, want in zip(outs[1], outs[0]):
        torch.testing.assert_close(got, want, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(latest.weight_u, ref.u.detach(), rtol=1e-10,
                               atol=1e-12)
    torch.testing.assert_close(outs[2][0], outs[1][0], rtol=1e-12, atol=0)
    assert not torch.allclose(outs[2][2], outs[1][2], rtol=1e-6, atol=0)
    with pytest.raises(ValueError, match='sigma_grad_vectors'):
        SpectralNormConv2d(2, 2, 3, sigma_grad_vectors='last')


def test_build_norm_errors():
    with pytest.raises(ValueError, match='norm type'):
        build_norm('GN', 4)
    assert isinstance(build_norm('none', 4), torch.nn.Identity)


@pytest.mark.parametrize('affine', [False, True])
def test_instance_norm_is_nn_instance_norm_without_a_view(affine):
    """Same values and gradients as nn.InstanceNorm2d to the bit, with
    an in-place ReLU after it, but no view for autograd (so no
    CopySlices/AsStrided copies in the backward)."""
    torch.manual_seed(0)
    ref = torch.nn.InstanceNorm2d(5, affine=affine)
    norm = InstanceNorm2d(5, affine=affine)
    if affine:
        for p in ref.parameters():
            torch.nn.init.normal_(p)
        norm.load_state_dict(ref.state_dict())
    x = torch.randn(3, 5, 6, 7)
    outs, grads = [], []
    for m in (ref, norm):
        xi = x.clone().requires_grad_()
        y = torch.relu_(m(xi * 2))
        assert y._is_view() == (m is ref)
        (y * torch.arange(y.numel()).view_as(y)).sum().backward()
        outs.append(y.detach())
        grads.append([xi.grad] + [p.grad for p in m.parameters()])
        # the in-place ReLU on a view is replayed through the base
        assert (y.grad_fn.name() == 'ReluBackward0') == (m is norm)
    assert torch.equal(outs[0], outs[1])
    for g_ref, g in zip(*grads):
        assert torch.equal(g_ref, g)
    # unbatched input and running statistics: nn.InstanceNorm2d's own path
    assert torch.equal(norm(x[0]), ref(x[0]))
    tracked = InstanceNorm2d(5, track_running_stats=True)
    tracked(x)
    assert not torch.equal(tracked.running_mean, torch.zeros(5))
    assert isinstance(build_norm('IN', 4), InstanceNorm2d)


def test_image_pool_behaviour_and_state():
    assert ImagePool(0).query(torch.ones(2, 1))[0].sum() == 2
    pool = ImagePool(pool_size=3, seed=0)
    for i in range(3):  # fills up, returns the input
        out, = pool.query(torch.full((1, 1), float(i)))
        assert out.item() == i
    outs = [pool.query(torch.full((1, 1), 10. + i))[0].item()
            for i in range(20)]
    assert any(o < 10 for o in outs) and any(o >= 10 for o in outs)

    state = pool.state_dict()
    clone = ImagePool(pool_size=3, seed=123)
    clone.load_state_dict(state)
    for i in range(10):
        x = torch.full((1, 1), 100. + i)
        assert torch.equal(pool.query(x)[0], clone.query(x)[0])


def test_image_pool_tuples_and_shape_check():
    pool = ImagePool(pool_size=4)
    img, masks = pool.query(torch.zeros(2, 3, 4, 4), torch.ones(2, 2, 4, 4))
    assert img.shape == (2, 3, 4, 4) and masks.shape == (2, 2, 4, 4)
    with pytest.raises(ValueError, match='shape'):
        pool.query(torch.zeros(1, 3, 5, 5), torch.ones(1, 2, 4, 4))


def test_adain_by_hand():
    from mmi2i.models.archs import adain
    x = torch.tensor([[[[1.0, 3.0], [1.0, 3.0]], [[0.0, 0.0], [4.0, 4.0]]]])
    mean = torch.tensor([[10.0, -1.0]])
    std = torch.tensor([[2.0, 0.5]])
    out = adain(x, mean, std, eps=0.0)
    # each channel: mean 2 / std 1 -> normalized to -1, +1
    expected = torch.tensor([[[[8.0, 12.0], [8.0, 12.0]],
                              [[-1.5, -1.5], [-0.5, -0.5]]]])
    torch.testing.assert_close(out, expected)


def test_style_mlp_parameter_split():
    from mmi2i.models.archs import AdaINDecoder, split_adain_params
    params = torch.arange(2 * 10, dtype=torch.float).view(2, 10)
    (m1, s1), (m2, s2) = split_adain_params(params, [2, 3])
    assert m1.tolist() == [[0, 1], [10, 11]]
    assert s1.tolist() == [[2, 3], [12, 13]]
    assert m2.tolist() == [[4, 5, 6], [14, 15, 16]]
    assert s2.tolist() == [[7, 8, 9], [17, 18, 19]]
    with pytest.raises(ValueError, match='need 10'):
        split_adain_params(params[:, :9], [2, 3])
    dec = AdaINDecoder(content_channels=16, style_dim=4, num_res=2,
                       mlp_dim=8)
    # 2 residual blocks x 2 AdaIN layers x (mean, std) x 16 channels
    assert dec.mlp[-1].out_features == 2 * 2 * 2 * 16
    dec.init_weights()
    content = torch.randn(1, 16, 8, 8)
    a = dec(content, torch.zeros(1, 4))
    b = dec(content, torch.ones(1, 4))
    assert a.shape == (1, 3, 32, 32) and (a - b).abs().max() > 0


def test_content_style_encoders_and_multiscale_discriminator():
    from mmi2i.models.archs import (AttributeEncoder, ContentEncoder,
                                    MsImageDiscriminator, StyleEncoder)
    x = torch.randn(2, 3, 32, 32)
    enc = ContentEncoder(base_channels=8, num_downsample=2, num_res=1)
    assert enc(x).shape == (2, 32, 8, 8) and enc.out_channels == 32
    assert StyleEncoder(base_channels=8, style_dim=5)(x).shape == (2, 5)
    mu, logvar = AttributeEncoder(base_channels=8, style_dim=5)(x)
    assert mu.shape == logvar.shape == (2, 5)
    d = MsImageDiscriminator(base_channels=8, num_layers=2, num_scales=3)
    outs = d(x)
    assert [o.shape[-1] for o in outs] == [8, 4, 2]
