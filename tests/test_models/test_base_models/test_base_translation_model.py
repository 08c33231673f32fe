"""The one training loop and inference of BaseTranslationModel, driven
through a small CycleGAN+Seg (the simplest method with every part)."""
import copy

import pytest
import torch
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapperDict

from mmi2i.apis import read_config
from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.models.utils import frozen
from mmi2i.registry import MODELS
from utils import REPO, shapes_batch


def build(config='configs/cyclegan_seg/shapes.py', **overrides):
    cfg = read_config(f'{REPO}/{config}')
    cfg.model.generator.update(base_channels=8, num_blocks=1)
    cfg.model.discriminator.update(base_channels=8, num_conv=2)
    cfg.model.update(overrides)
    model = MODELS.build(cfg.model)
    model.init_weights()
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    return model, optim


def _params(module):
    return [p.detach().clone() for p in module.parameters()]


def _changed(before, module):
    return any(not torch.equal(a, b)
               for a, b in zip(before, module.parameters()))


def test_train_step_updates_both_players(shapes_root):
    model, optim = build()
    assert isinstance(optim, OptimWrapperDict)
    g0, d0 = _params(model.generator_ab), _params(model.discriminator_b)
    logs = model.train_step(shapes_batch(shapes_root), optim)
    for key in ('loss_gan_giraffe', 'loss_cycle_sheep', 'loss_idt_giraffe',
                'loss_g', 'loss_disc_sheep', 'loss_d'):
        assert torch.isfinite(logs[key])
    assert _changed(g0, model.generator_ab)
    assert _changed(d0, model.discriminator_b)


def test_disc_steps_skips_generator_updates(shapes_root):
    model, optim = build(disc_steps=2)
    hub = MessageHub.get_current_instance()
    hub.update_info('iter', 1)
    try:
        g0, d0 = _params(model.generator_ab), _params(model.discriminator_a)
        logs = model.train_step(shapes_batch(shapes_root), optim)
        assert 'loss_g' not in logs and 'loss_d' in logs
        assert not _changed(g0, model.generator_ab)
        assert _changed(d0, model.discriminator_a)
    finally:
        hub.update_info('iter', 0)


def test_frozen_discriminator_gets_no_gradient():
    model, _ = build()
    x = torch.randn(1, 4, 32, 32, requires_grad=True)
    with frozen([model.discriminator_a]):
        model.discriminator_a(x).sum().backward()
    assert all(p.grad is None for p in model.discriminator_a.parameters())
    assert all(p.requires_grad for p in model.discriminator_a.parameters())
    assert x.grad is not None


def test_predict_fills_samples(shapes_root):
    model, _ = build()
    model.eval()
    data = shapes_batch(shapes_root)
    with torch.no_grad():
        preds = model.val_step(copy.deepcopy(data))
    assert len(preds) == 4
    p = preds[0]
    assert p.pred_img.dtype == torch.uint8 and p.pred_img.shape == (3, 32,
                                                                    32)
    assert p.metainfo['target_domain'] == 'giraffe'
    assert p.pred_instances.masks.shape == (1, 32, 32)  # the union mask
    assert not model.training  # no hidden mode switch
    cyc, _ = build('configs/cyclegan/shapes.py')
    preds = cyc.val_step(copy.deepcopy(data))
    assert 'pred_instances' not in preds[0]


def test_missing_domain_is_a_clear_error(shapes_root):
    model, optim = build()
    data = shapes_batch(shapes_root)
    data['inputs'].pop('giraffe')
    with pytest.raises(KeyError,
                       match=r"expects \('sheep', 'giraffe'\) in a training"):
        model.train_step(data, optim)
