"""INIT: the association rule, object crops and background images by hand,
a step that trains every network, and batches without objects."""
import pytest
import torch
from test_models.test_editors.test_munit import _moved, _snapshot, build_model

from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.models.editors.init import (CONTENT_LEVELS, STYLE_LEVELS,
                                       association_allowed, background_images,
                                       crop_instances)


def test_association_rule_never_pairs_fine_styles_with_coarse_contents():
    pairs = {(c, s) for c in CONTENT_LEVELS for s in STYLE_LEVELS
             if association_allowed(c, s)}
    assert pairs == {('object', 'object'), ('object', 'background'),
                     ('object', 'image'), ('image', 'image')}
    assert not association_allowed('image', 'object')
    assert not association_allowed('image', 'background')


def test_crops_and_background_by_hand():
    img = torch.arange(2 * 1 * 4 * 4, dtype=torch.float).view(2, 1, 4, 4)
    boxes = torch.tensor([[[0.0, 0.0, 2.0, 2.0], [0, 0, 0, 0]],
                          [[2.0, 2.0, 4.0, 4.0], [0.0, 0.0, 4.0, 4.0]]])
    valid = torch.tensor([[True, False], [True, True]])
    crops, index = crop_instances(img, boxes, valid, 2)
    assert index.tolist() == [0, 1, 1]
    # a 2x2 box resized to 2x2 is the box itself
    torch.testing.assert_close(crops[0, 0], img[0, 0, :2, :2])
    torch.testing.assert_close(crops[1, 0], img[1, 0, 2:, 2:])
    bg = background_images(img, boxes[:1], valid[:1])
    assert (bg[0, 0, :2, :2] == 0).all()
    torch.testing.assert_close(bg[0, 0, 2:], img[0, 0, 2:])


def _init(root, **kw):
    return build_model(root, config='configs/init/shapes.py', obj_size=16,
                       **kw)


def test_training_step_trains_every_network(shapes_root):
    from test_models.test_cyclegan import batch
    torch.manual_seed(0)
    model, cfg = _init(shapes_root)
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    before = _snapshot(model)
    logs = model.train_step(batch(shapes_root, n=2), optim)
    assert all(torch.isfinite(v) for v in logs.values()), logs
    for d in ('sheep', 'giraffe'):
        for key in ('recon_o', 'recon_co', 'cycle_o', 'gan_obj', 'recon_x',
                    'disc_obj'):
            assert f'loss_{key}_{d}' in logs, key
    kinds = ('content_encoder', 'style_encoder', 'decoder', 'discriminator')
    assert _moved(model, before) == {f'{k}_{d}' for k in kinds
                                     for d in ('sheep', 'giraffe')}


def test_batches_without_objects_and_separate_discriminators(shapes_root):
    from test_models.test_cyclegan import batch
    torch.manual_seed(0)
    obj_d = dict(type='MsImageDiscriminator', base_channels=8, num_layers=2,
                 num_scales=1)
    model, _ = _init(shapes_root, networks=dict(obj_discriminator=obj_d))
    assert model.obj_discriminator('sheep') is \
        model.obj_discriminator_sheep
    model.active_groups = ('generators', 'discriminators')
    data = model.data_preprocessor(batch(shapes_root, n=2), True)['inputs']
    for inp in data.values():
        inp['valid'][:] = False
    out = model.forward_train(data)
    assert out['obj_weight_sheep'] == 0.0
    losses = model.generator_loss(data, out)
    assert losses['loss_recon_o_sheep'] == 0
    # still in the graph (DDP calls every network on every rank)
    assert losses['loss_gan_obj_giraffe'].requires_grad
    with pytest.raises(ValueError, match='style_sources'):
        _init(shapes_root, style_sources=('nearby', ))
