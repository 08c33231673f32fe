"""CGL: one random instance per image, the cross-granularity pairing
draws from two different domains, a training step trains both branches,
translations depend on the target label and the style."""
import pytest
import torch
from test_models.test_editors.test_munit import _moved, _snapshot, build_model

from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.models.editors.cgl import pick_instances
from utils import domains_batch, full_step

DOMAINS = ('grass', 'sand', 'snow')


def _cgl(root, **kw):
    return build_model(root, config='configs/cgl/shapes.py', **kw)


def _batch(root, n=2, sampling='pair'):
    return domains_batch(root, DOMAINS, n, sampling)


def test_pick_instances():
    valid = torch.tensor([[True, False, True], [False, False, False],
                          [False, True, False]])
    torch.manual_seed(0)
    for _ in range(10):
        pick = pick_instances(valid)
        assert pick.sum(1).tolist() == [1, 0, 1]
        assert not (pick & ~valid).any()
    # both instances of the first image get drawn
    seen = {pick_instances(valid)[0].nonzero()[0, 0].item()
            for _ in range(30)}
    assert seen == {0, 2}


def test_cross_granularity_pairs_two_domains(shapes_multi_root):
    torch.manual_seed(0)
    model, _ = _cgl(shapes_multi_root)
    ctx = full_step(model)
    inputs = model.data_preprocessor(_batch(shapes_multi_root, n=4),
                                     True)['inputs']
    out = model.forward_train(inputs, ctx)
    zi, zj = out['z']
    assert (zi != zj).all()  # image k and instance l: different domains
    assert out['o'][0].shape[-1] == model.obj_size
    losses = model.generator_loss(inputs, out, ctx)
    # eq. 7: the instance decoded back is compared with the reference's
    # instance, the image with the source image
    torch.testing.assert_close(
        losses['loss_cgc_o'],
        out['w_obj'] * model.losses['cgc_o'](out['cgc_o'], out['o'][1]))
    torch.testing.assert_close(
        losses['loss_cgc_g'], model.losses['cgc_g'](out['cgc_g'],
                                                    out['x'][0]))


def test_training_step_trains_both_branches(shapes_multi_root):
    torch.manual_seed(0)
    model, cfg = _cgl(shapes_multi_root)
    assert model.input_slots == ('source', 'reference')
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    before = _snapshot(model)
    logs = model.train_step(_batch(shapes_multi_root), optim)
    for key in ('gan_g', 'gan_o', 'cls_fake_g', 'cls_fake_o', 'rec_img',
                'rec_obj', 'cc_g', 'cc_o', 'cgc_g', 'cgc_o', 'rec_c',
                'rec_s', 'disc_g', 'disc_o'):
        assert torch.isfinite(logs[f'loss_{key}']), key
    assert _moved(model, before) == {
        f'{k}_{b}' for k in ('content_encoder', 'style_encoder', 'decoder',
                             'discriminator') for b in 'go'}
    with pytest.raises(KeyError, match="sampling='one_domain' or 'pair'"):
        model.train_step(_batch(shapes_multi_root, 2, 'all_domains'), optim)


def test_translation_depends_on_label_and_style(shapes_multi_root):
    torch.manual_seed(0)
    model, _ = _cgl(shapes_multi_root)
    model.eval()
    img = torch.rand(2, 3, 32, 32) * 2 - 1
    style = model.sample_style(2, 'sand')
    with torch.no_grad():
        to_sand = model.translate(img, 'grass', 'sand', style=style)['img']
        to_snow = model.translate(img, 'grass', 'snow', style=style)['img']
        other = model.translate(img, 'grass', 'sand',
                                style=style.flip(0))['img']
    assert not torch.allclose(to_sand, to_snow)
    assert not torch.allclose(to_sand, other)
    ref = model.encode_style(img, 'grass')
    assert ref.shape == (2, 8)


def _trained_outputs(root):
    """A seeded toy model, a preprocessed pair batch, the context of a
    step that updates both players and its outputs."""
    torch.manual_seed(0)
    model, _ = _cgl(root)
    ctx = full_step(model)
    inputs = model.data_preprocessor(_batch(root), True)['inputs']
    return model, inputs, ctx, model.forward_train(inputs, ctx)


def test_random_style_translation_is_judged(shapes_multi_root):
    """Eqs. 1-2 take random or reference styles: the random-style
    translation enters the global adversarial and classification terms of
    both players."""
    model, inputs, ctx, out = _trained_outputs(shapes_multi_root)
    assert out['rand_g'].shape == out['x'][0].shape
    g1 = model.generator_loss(inputs, out, ctx)
    torch.manual_seed(1)  # the same gradient-penalty interpolates
    d1 = model.discriminator_loss(inputs, out, ctx)
    out['rand_g'] = out['rand_g'].detach() * 0
    g2 = model.generator_loss(inputs, out, ctx)
    torch.manual_seed(1)
    d2 = model.discriminator_loss(inputs, out, ctx)
    assert torch.equal(d1['loss_disc_o'], d2['loss_disc_o'])
    for key in ('loss_gan_g', 'loss_cls_fake_g'):
        assert not torch.isclose(g1[key], g2[key]), key
    assert not torch.equal(d1['loss_disc_g'], d2['loss_disc_g'])
    assert torch.isclose(g1['loss_gan_o'], g2['loss_gan_o'])


def test_discriminator_loss_ignores_the_critic_level(shapes_multi_root):
    """Real and fake expectations have equal weight: a constant added to
    both critics' adversarial outputs leaves their losses unchanged (with
    2 real and 3 fake terms summed it would shift them, and training would
    push the critic's level down without end)."""
    model, inputs, ctx, out = _trained_outputs(shapes_multi_root)
    base = model.discriminator_loss(inputs, out, ctx)
    for branch in ('g', 'o'):
        disc = getattr(model, f'discriminator_{branch}')
        forward = disc.forward
        disc.forward = lambda x, f=forward: (f(x)[0] + 7.0, f(x)[1])
    shifted = model.discriminator_loss(inputs, out, ctx)
    for key in ('loss_disc_g', 'loss_disc_o', 'loss_cls_real_g'):
        assert torch.allclose(base[key], shifted[key], atol=1e-5), key
    assert set(base) >= {'loss_gp_g', 'loss_gp_o', 'gp_weight_g'}
