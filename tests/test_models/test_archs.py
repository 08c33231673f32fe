import pytest
import torch

from mmi2i.models.archs import (ImagePool, PatchDiscriminator, ResnetGenerator,
                                build_norm)


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


def test_build_norm_errors():
    with pytest.raises(ValueError, match='norm type'):
        build_norm('GN', 4)
    assert isinstance(build_norm('none', 4), torch.nn.Identity)


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
