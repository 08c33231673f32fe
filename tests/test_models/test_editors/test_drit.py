"""DRIT++: the official update schedule (content discriminator alone on
two of three iterations), a full step trains every network, the latent
regression leaves the attribute encoder alone, and multimodal predict."""
import pytest
import torch
from test_models.test_editors.test_munit import _moved, _snapshot, build_model

from mmi2i.engine import TranslationOptimWrapperConstructor
from utils import full_step

DOMAINS = ('sheep', 'giraffe')


def _drit(root, **kw):
    return build_model(root, config='configs/drit/shapes.py', **kw)


def _step(model, optim, data, iteration):
    from mmengine.logging import MessageHub
    MessageHub.get_current_instance().update_info('iter', iteration)
    return model.train_step(data, optim)


def test_update_schedule_and_groups(shapes_root):
    from utils import shapes_batch
    torch.manual_seed(0)
    model, cfg = _drit(shapes_root)
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    assert set(optim.optim_wrappers) == {'generators', 'discriminators',
                                         'content_discriminator'}
    # the content discriminator's own learning rate (lr / 2.5)
    assert optim['content_discriminator'].get_lr()['lr'][0] == \
        pytest.approx(1e-4 / 2.5)
    assert [model.update_groups(i) for i in range(3)] == [
        ((), ('content_discriminator', )),
        ((), ('content_discriminator', )),
        (('generators', ), ('discriminators', 'content_discriminator'))]
    data = shapes_batch(shapes_root, n=2)
    before = _snapshot(model)
    logs = _step(model, optim, data, 0)
    assert set(logs) == {'loss_disc_content', 'loss_d'}
    assert _moved(model, before) == {'content_discriminator'}
    before = _snapshot(model)
    logs = _step(model, optim, data, 2)
    assert all(torch.isfinite(v) for v in logs.values()), logs
    for d in DOMAINS:
        for key in ('gan', 'gan2', 'content_adv', 'kl_attr', 'kl_content',
                    'cross_cycle', 'self_recon', 'latent', 'ms', 'disc'):
            assert f'loss_{key}_{d}' in logs, key
    kinds = ('content_encoder', 'style_encoder', 'decoder', 'discriminator',
             'discriminator2')
    assert _moved(model, before) == {
        f'{k}_{d}' for k in kinds for d in DOMAINS} | {
            'content_shared', 'decoder_shared', 'content_discriminator'}


def test_latent_regression_does_not_train_the_attribute_encoder(
        shapes_root):
    from utils import shapes_batch
    torch.manual_seed(0)
    model, _ = _drit(shapes_root)
    ctx = full_step(model)
    data = model.data_preprocessor(shapes_batch(shapes_root, n=2),
                                   True)['inputs']
    outputs = model.forward_train(data, ctx)
    losses = model.generator_loss(data, outputs, ctx)
    model.zero_grad()
    (losses['loss_latent_sheep'] + losses['loss_latent_giraffe']).backward(
        retain_graph=True)
    for d in DOMAINS:
        assert all(p.grad is None or not p.grad.any()
                   for p in model.net('style_encoder', d).parameters())
        assert any(p.grad is not None and p.grad.any()
                   for p in model.net('decoder', d).parameters())
    # while the KL term does reach it
    model.zero_grad()
    losses['loss_kl_attr_sheep'].backward()
    assert any(p.grad is not None and p.grad.any()
               for p in model.net('style_encoder', 'sheep').parameters())


def test_predict_k_styles_and_reference(shapes_root):
    from utils import shapes_batch
    torch.manual_seed(0)
    model, _ = _drit(shapes_root, test_num_styles=2)
    model.eval()
    data = model.data_preprocessor(shapes_batch(shapes_root, n=2), False)
    preds = model.predict(data['inputs'], data['data_samples'])
    assert len(preds) == 2 * 2 * 2  # 2 images x 2 domains x 2 styles
    assert sorted({p.style_index for p in preds}) == [0, 1]
    img = data['inputs']['giraffe']['img']
    ref = model.encode_style(img, 'giraffe')
    assert ref.shape == (2, 8)
    with torch.no_grad():
        out = model.translate(data['inputs']['sheep']['img'], 'sheep',
                              'giraffe', style=ref)['img']
    assert out.shape == img.shape


def test_parameter_counts_match_the_public_code():
    """Counted layer by layer from HsinYingLee/DRIT src/networks.py
    (concat=1, nz 8, dis_scale 3, n_layer 4, no spectral norm)."""
    from test_models.test_editors.test_munit import _counts
    n = _counts('configs/_base_/models/drit.py')
    # E_content: conv7 3-64, conv3 64-128, 128-256, 3 INSResBlocks; shared
    # INSResBlock (IN without affine parameters)
    assert n['content_encoder_A'] == 9472 + 73856 + 295168 + 3 * 1180160
    assert n['content_shared'] == 1180160
    # E_attr_concat: conv4, BasicBlocks 64-128-192-256, fc mu and logvar
    assert n['style_encoder_B'] == 3136 + 119104 + 393728 + 824000 + 4112
    # G_concat: shared INSResBlock(256); per domain 3 INSResBlock(264),
    # convT 272-136 + LN, convT 144-72 + LN, convT 1x1 80-3
    assert n['decoder_shared'] == 1180160
    assert n['decoder_A'] == (3 * 1255056 + 333064 + 272 + 93384 + 144 +
                              243)
    assert n['discriminator_A'] == n['discriminator2_B'] == 8271171
    # Dis_content: 3 conv7 256-256, conv4 256-256, 1x1 256-1
    assert n['content_discriminator'] == 3 * 3211520 + 1048832 + 257
