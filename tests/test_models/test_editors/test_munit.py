"""MUNIT: a training step trains every network, styles behave as
documented (random, given, encoded from a reference), predict makes K
styles per input, and style lengths are stated once."""
import copy

import pytest
import torch
from mmengine.registry import DefaultScope

from mmi2i.apis import read_config
from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.registry import MODELS
from utils import tiny_cfg


def build_model(root, config='configs/munit/shapes.py', **model):
    cfg = tiny_cfg(config, root, '/tmp/unused')
    cfg.model.update(model)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        m = MODELS.build(cfg.model)
    m.init_weights()
    return m, cfg


def _snapshot(model):
    return {n: [p.detach().clone() for p in c.parameters()]
            for n, c in model.named_children()}


def _moved(model, before):
    return {n for n, c in model.named_children()
            if any(not torch.equal(a, b)
                   for a, b in zip(before[n], c.parameters()))}


def test_training_step_updates_every_network(shapes_root):
    from utils import shapes_batch
    torch.manual_seed(0)
    model, cfg = build_model(shapes_root)
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    assert set(optim.optim_wrappers) == {'generators', 'discriminators'}
    before = _snapshot(model)
    logs = model.train_step(shapes_batch(shapes_root, n=2), optim)
    assert all(torch.isfinite(v) for v in logs.values()), logs
    for d in ('sheep', 'giraffe'):
        for key in ('gan', 'recon_x', 'recon_s', 'recon_c', 'disc'):
            assert f'loss_{key}_{d}' in logs
    kinds = ('content_encoder', 'style_encoder', 'decoder', 'discriminator')
    assert _moved(model, before) == {f'{k}_{d}' for k in kinds
                                     for d in ('sheep', 'giraffe')}


def test_style_semantics(shapes_root):
    from utils import shapes_batch
    torch.manual_seed(0)
    model, _ = build_model(shapes_root)
    model.eval()
    img = model.data_preprocessor(shapes_batch(shapes_root, n=2),
                                  False)['inputs']['sheep']['img']
    with torch.no_grad():
        style = model.sample_style(2, 'giraffe')
        assert style.shape == (2, 8)
        given = model.translate(img, 'sheep', 'giraffe', style=style)['img']
        again = model.translate(img, 'sheep', 'giraffe', style=style)['img']
        torch.testing.assert_close(given, again)  # a tensor is used as given
        r1 = model.translate(img, 'sheep', 'giraffe')['img']
        r2 = model.translate(img, 'sheep', 'giraffe')['img']
        assert (r1 - r2).abs().max() > 1e-4  # None samples from the prior
        ref = model.encode_style(img, 'giraffe')
        assert ref.shape == (2, 8)
        content = model.net('content_encoder', 'sheep')(img)
        torch.testing.assert_close(
            model.translate(img, 'sheep', 'giraffe', style=ref)['img'],
            model.net('decoder', 'giraffe')(content, ref))


def test_predict_writes_k_styles_with_their_codes(shapes_root):
    from utils import shapes_batch
    model, _ = build_model(shapes_root, test_num_styles=3)
    model.eval()
    data = model.data_preprocessor(shapes_batch(shapes_root, n=2), False)
    inputs = {'sheep': data['inputs']['sheep']}
    samples = {'sheep': data['data_samples']['sheep']}
    preds = model.predict(inputs, samples)
    assert len(preds) == 2 * 3
    by_image = {}
    for p in preds:
        assert p.target_domain == 'giraffe' and p.pred_style.shape == (8, )
        by_image.setdefault(p.img_path, []).append(p)
    for group in by_image.values():
        assert sorted(p.style_index for p in group) == [0, 1, 2]
        imgs = [p.pred_img.float() for p in group]
        assert (imgs[0] - imgs[1]).abs().max() > 0
    # given styles: one translation each, the code recorded as given
    code = torch.ones(8)
    preds = model.predict(inputs, samples, styles=[code])
    assert len(preds) == 2
    assert all(torch.equal(p.pred_style, code) for p in preds)
    with pytest.raises(ValueError, match='8 values.*got shape \\(5,\\)'):
        model.predict(inputs, samples, styles=[torch.ones(5)])


def test_deterministic_models_refuse_styles(shapes_root):
    model, _ = build_model(shapes_root, config='configs/cyclegan/shapes.py')
    assert not model.is_multimodal
    with pytest.raises(TypeError, match='deterministic'):
        model.sample_style(1, 'sheep')
    with pytest.raises(TypeError, match='deterministic'):
        model.encode_style(torch.zeros(1, 3, 32, 32), 'sheep')


def test_style_length_is_stated_once(shapes_root):
    cfg = tiny_cfg('configs/munit/shapes.py', shapes_root, '/tmp/unused')
    with DefaultScope.overwrite_default_scope('mmi2i'):
        m = MODELS.build(dict(copy.deepcopy(cfg.model), style_dim=4))
    assert m.net('style_encoder', 'sheep').style_dim == 4
    assert m.net('decoder', 'giraffe').style_dim == 4
    bad = copy.deepcopy(cfg.model)
    bad.networks.decoder.style_dim = 3
    with pytest.raises(ValueError, match='set it once'):
        with DefaultScope.overwrite_default_scope('mmi2i'):
            MODELS.build(bad)


@pytest.mark.parametrize('config', [
    'configs/munit/shapes.py', 'configs/drit/shapes.py',
    'configs/mguit/shapes.py', 'configs/cgl/shapes.py',
    'configs/munit/sheep2giraffe.py', 'configs/mguit/sunny2night.py'])
def test_content_width_is_derived(config):
    """No config writes the content width: the decoders, shared layers
    and content discriminator take the content encoder's (base_channels
    * 2**num_downsample); a config naming another width is refused."""
    import os.path as osp

    from utils import REPO
    cfg = read_config(osp.join(REPO, config))
    assert 'content_channels' not in open(osp.join(REPO, config)).read()
    with DefaultScope.overwrite_default_scope('mmi2i'):
        m = MODELS.build(copy.deepcopy(cfg.model))
    enc = cfg.model.networks.content_encoder
    width = enc.get('base_channels', 64) * 2**enc.get('num_downsample', 2)
    convs = {name: mod for name, mod in m.named_modules()
             if isinstance(mod, torch.nn.Conv2d)}
    for name in ('content_shared', 'decoder_shared',
                 'content_discriminator'):
        if hasattr(m, name):  # their first conv reads the content codes
            first = next(c for n, c in convs.items() if n.startswith(name))
            assert first.in_channels == width, name
    bad = copy.deepcopy(cfg.model)
    target = bad.get('shared_networks', {}).get('decoder_trunk') or \
        bad.networks.decoder
    target.content_channels = width + 1
    with pytest.raises(ValueError, match='content_channels'):
        with DefaultScope.overwrite_default_scope('mmi2i'):
            MODELS.build(bad)


def test_network_kinds_and_domain_names_are_checked(shapes_root):
    cfg = tiny_cfg('configs/munit/shapes.py', shapes_root, '/tmp/unused')
    bad = copy.deepcopy(cfg.model)
    bad.networks.pop('discriminator')
    with pytest.raises(KeyError, match='missing'):
        with DefaultScope.overwrite_default_scope('mmi2i'):
            MODELS.build(bad)
    bad = copy.deepcopy(cfg.model)
    bad.domains = ('a-b', 'c')
    with pytest.raises(ValueError, match='identifiers'):
        with DefaultScope.overwrite_default_scope('mmi2i'):
            MODELS.build(bad)


def test_diversity_and_both_directions_through_tools_test(shapes_root,
                                                          tmp_path):
    """tools/test.py with test_num_styles 3: LPIPS diversity and the
    preservation metric cover every test image of both domains."""
    import json

    from utils import load_tool, tiny_model_files
    cfg, ckpt = tiny_model_files('configs/munit/shapes_eval.py',
                                 shapes_root, tmp_path)
    out = tmp_path / 'metrics.json'
    load_tool('tools/test.py').main(
        [cfg, ckpt, '--out', str(out), '--work-dir', str(tmp_path / 'w'),
         '--cfg-options', 'model.test_num_styles=3'])
    metrics = json.loads(out.read_text())['metrics']
    for task in ('sheep2giraffe', 'giraffe2sheep'):
        assert metrics[f'lpips_div/{task}'] > 0
        assert f'preservation/{task}/l1_bg' in metrics


def _counts(config, domains=('A', 'B')):
    """Parameters per network of a model config (a model base names no
    domains: the data does)."""
    from utils import REPO
    cfg = read_config(f'{REPO}/{config}')
    cfg.model.setdefault('domains', domains)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
    return {n: sum(p.numel() for p in c.parameters())
            for n, c in model.named_children()}


def test_parameter_counts_match_the_public_code():
    """Counted layer by layer from NVlabs/MUNIT networks.py (dim 64, style
    8, MLP 256 x 3, 2 downsamplings, 4 residual blocks, D 4 layers x 3
    scales): AdaINGen 15,026,187, MsImageDis 8,271,171."""
    n = _counts('configs/_base_/models/munit.py')
    # conv7 3-64, conv4 64-128, 128-256, 2 x 256-256, 1x1 256-8
    assert n['style_encoder_A'] == 9472 + 131200 + 524544 + 2 * 1048832 + 2056
    # conv7, 2 downsamplings, 8 conv3 256-256 (IN has no parameters)
    assert n['content_encoder_A'] == 9472 + 131200 + 524544 + 8 * 590080
    # 8 conv3, conv5 256-128 + LN, conv5 128-64 + LN, conv7 64-3, MLP
    assert n['decoder_A'] == (8 * 590080 + 819328 + 256 + 204864 + 128 +
                              9411 + 2304 + 65792 + 1052672)
    assert n['content_encoder_A'] + n['style_encoder_A'] + \
        n['decoder_A'] == 15026187
    assert n['discriminator_B'] == 3 * (3136 + 131200 + 524544 + 2097664 +
                                        513) == 8271171
