"""StarGAN: the output depends on the target label, a training step
trains both players with the official losses, N-domain batches are
required, and predict covers every target; parameter counts match the
public code."""
import pytest
import torch
from test_models.test_editors.test_munit import _moved, _snapshot, build_model

from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.models.editors.stargan import tile_label
from utils import domains_batch

DOMAINS = ('grass', 'sand', 'snow')


def _stargan(root, **kw):
    model, cfg = build_model(root, config='configs/stargan/shapes.py', **kw)
    return model, cfg


def _batch(root, n=2, sampling='one_domain'):
    return domains_batch(root, DOMAINS, n, sampling)


def test_tile_label_by_hand():
    x = torch.zeros(2, 1, 1, 2)
    out = tile_label(x, torch.tensor([2, 0]), 3)
    assert out.shape == (2, 4, 1, 2)
    torch.testing.assert_close(out[0, 1:, 0, 0], torch.tensor([0., 0., 1.]))
    torch.testing.assert_close(out[1, 1:, 0, 1], torch.tensor([1., 0., 0.]))


def test_label_beyond_the_model_domains_is_named():
    """Issue #31, 9c: more domains in the data than in the model said
    "Class values must be smaller than num_classes"."""
    with pytest.raises(ValueError, match=r'domain labels \[0, 3\] but the '
                       'model conditions on 3 domains'):
        tile_label(torch.zeros(2, 3, 4, 4), torch.tensor([3, 0]), 3)


def test_output_depends_on_the_target_label(shapes_multi_root):
    torch.manual_seed(0)
    model, _ = _stargan(shapes_multi_root)
    model.eval()
    img = torch.rand(1, 3, 32, 32) * 2 - 1
    with torch.no_grad():
        outs = [model.translate(img, 'grass', d)['img'] for d in DOMAINS]
    assert not torch.allclose(outs[0], outs[1])
    assert not torch.allclose(outs[1], outs[2])


def test_training_step_and_schedule(shapes_multi_root):
    from test_models.test_editors.test_drit import _step
    torch.manual_seed(0)
    model, cfg = _stargan(shapes_multi_root)
    assert model.input_slots == ('source', )
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    data = _batch(shapes_multi_root)
    # 5 discriminator steps per generator step
    assert [bool(model.update_groups(i)[0]) for i in range(6)] == [
        True, False, False, False, False, True]
    before = _snapshot(model)
    logs = _step(model, optim, data, 1)
    assert 'loss_rec' not in logs and 'loss_gp' in logs
    assert _moved(model, before) == {'discriminator'}
    before = _snapshot(model)
    logs = _step(model, optim, data, 5)
    for key in ('loss_gan', 'loss_cls_fake', 'loss_rec', 'loss_disc_real',
                'loss_disc_fake', 'loss_cls_real', 'loss_gp'):
        assert key in logs and torch.isfinite(logs[key]), key
    assert _moved(model, before) == {'generator', 'discriminator'}
    # an all-domains batch (keyed by domain) is refused with the fix
    with pytest.raises(KeyError, match=r"sampling='one_domain'"):
        model.train_step(_batch(shapes_multi_root, 2, 'all_domains'), optim)


def test_predict_every_target(shapes_multi_root):
    torch.manual_seed(0)
    model, _ = _stargan(shapes_multi_root)
    model.eval()
    data = _batch(shapes_multi_root, n=2)
    inp = dict(grass=data['inputs']['source'])
    samples = dict(grass=data['data_samples']['source'])
    data = model.data_preprocessor(dict(inputs=inp, data_samples=samples),
                                   False)
    preds = model.predict(data['inputs'], data['data_samples'])
    assert sorted({p.target_domain for p in preds}) == ['sand', 'snow']
    assert len(preds) == 4


def test_parameter_counts_match_the_public_code():
    """yunjey/stargan model.py at 128px: G with c_dim 3 + N input
    channels, D with N domain logits (here N = 3)."""
    from test_models.test_editors.test_munit import _counts
    n = _counts('configs/_base_/models/stargan.py', ('A', 'B', 'C'))
    # conv7 (3+3)->64, IN affine; 4x4 convs 64-128-256; 6 residual blocks;
    # 4x4 transposed convs 256-128-64; conv7 64->3; no conv biases
    assert n['generator'] == (6 * 64 * 49 + 128 + 131072 + 256 + 524288 +
                              512 + 6 * 1180672 + 524288 + 256 + 131072 +
                              128 + 64 * 3 * 49)
    # six 4x4 stride-2 convs 3->64->...->2048 with biases, 3x3 src head,
    # 2x2 cls head
    assert n['discriminator'] == (3136 + 131200 + 524544 + 2097664 +
                                  8389632 + 33556480 + 2048 * 9 +
                                  2048 * 3 * 4)


def test_paper_configs_start_from_pytorchs_default_init():
    """Issue #26, 7: the public code trains from PyTorch's default init
    (N(0, 0.02) made D's last layer 4.4x larger); the toy keeps it."""
    import copy

    from mmengine.registry import DefaultScope

    from mmi2i.apis import read_config
    from mmi2i.registry import MODELS
    from utils import REPO
    for config, kept in (('init_weather.py', True), ('shapes.py', False)):
        cfg = read_config(f'{REPO}/configs/stargan/{config}').model
        cfg.generator.update(base_channels=8, num_blocks=1)
        cfg.discriminator.update(image_size=32, base_channels=8,
                                 num_layers=3)
        with DefaultScope.overwrite_default_scope('mmi2i'):
            model = MODELS.build(cfg)
        before = copy.deepcopy(model.state_dict())
        model.init_weights()
        same = all(torch.equal(v, model.state_dict()[k])
                   for k, v in before.items())
        assert same == kept, config
