"""INIT: the association rule, object crops and background images by hand,
a step that trains every network, and batches without objects."""
import pytest
import torch
from test_models.test_editors.test_munit import _moved, _snapshot, build_model

from mmi2i.engine import TranslationOptimWrapperConstructor
from mmi2i.models.editors.init import (CONTENT_LEVELS, STYLE_LEVELS,
                                       association_allowed, background_images,
                                       crop_instances)
from utils import full_step


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
    from utils import shapes_batch
    torch.manual_seed(0)
    model, cfg = _init(shapes_root)
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    before = _snapshot(model)
    logs = model.train_step(shapes_batch(shapes_root, n=2), optim)
    assert all(torch.isfinite(v) for v in logs.values()), logs
    for d in ('sheep', 'giraffe'):
        for key in ('recon_o', 'recon_co', 'cycle_o', 'gan_obj', 'recon_x',
                    'disc_obj', 'cycle'):
            assert f'loss_{key}_{d}' in logs, key
    kinds = ('content_encoder', 'style_encoder', 'decoder', 'discriminator',
             'obj_decoder')
    assert _moved(model, before) == {f'{k}_{d}' for k in kinds
                                     for d in ('sheep', 'giraffe')}


def test_paper_defaults_global_cross_cycle_and_object_decoders(shapes_root):
    """Paper §3: self-reconstruction and cross-cycle on the image and the
    objects (the global cross-cycle on, weight 10: MUNIT's recon_x_cyc_w),
    encoders shared between the branches, decoders G_g and G_o apart;
    the COCO-synthesis model's independent branch and one shared set are
    options."""
    from mmi2i.models.editors.init import INIT
    assert INIT.default_losses['cycle'] == dict(type='L1Loss',
                                                loss_weight=10.0)
    model, _ = _init(shapes_root)
    assert model.losses['cycle'].loss_weight == 10.0
    assert model.object_branch == 'own_decoders'
    for d in ('sheep', 'giraffe'):
        assert model.obj_net('decoder', d) is not model.net('decoder', d)
        assert model.obj_net('content_encoder', d) is \
            model.net('content_encoder', d)
        assert model.obj_net('style_encoder', d) is \
            model.net('style_encoder', d)
    indep, cfg = _init(shapes_root, object_branch='independent')
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(indep)
    own = {n for n, _ in indep.named_children() if n.startswith('obj_')}
    assert own == {f'obj_{k}_{d}' for d in ('sheep', 'giraffe')
                   for k in ('content_encoder', 'style_encoder', 'decoder')}
    gen = {id(p) for p in optim['generators'].param_groups[0]['params']}
    assert all(id(p) in gen for p in indep.obj_decoder_sheep.parameters())
    shared, _ = _init(shapes_root, object_branch='shared')
    assert not any(n.startswith('obj_') for n, _ in shared.named_children())
    assert shared.obj_net('decoder', 'sheep') is shared.decoder_sheep
    with pytest.raises(ValueError, match='object_branch'):
        _init(shapes_root, object_branch='separate')


def test_batches_without_objects_and_separate_discriminators(shapes_root):
    from utils import shapes_batch
    torch.manual_seed(0)
    obj_d = dict(type='MsImageDiscriminator', base_channels=8, num_layers=2,
                 num_scales=1)
    model, _ = _init(shapes_root, networks=dict(obj_discriminator=obj_d))
    assert model.obj_discriminator('sheep') is \
        model.obj_discriminator_sheep
    ctx = full_step(model)
    data = model.data_preprocessor(shapes_batch(shapes_root, n=2),
                                   True)['inputs']
    for inp in data.values():
        inp['valid'][:] = False
    out = model.forward_train(data, ctx)
    assert out['obj_weight_sheep'] == 0.0
    losses = model.generator_loss(data, out, ctx)
    assert losses['loss_recon_o_sheep'] == 0
    # still in the graph (DDP calls every network on every rank)
    assert losses['loss_gan_obj_giraffe'].requires_grad
    with pytest.raises(ValueError, match='style_sources'):
        _init(shapes_root, style_sources=('nearby', ))


def test_object_contents_roi_aligned_from_the_global_map(shapes_root):
    """object_content='roi_align' (mmcv.ops): a box covering the whole
    image, at a crop size equal to the image's, pools exactly the global
    content map; training runs and reaches the content encoder."""
    from utils import shapes_batch
    torch.manual_seed(0)
    model, cfg = build_model(shapes_root, config='configs/init/shapes.py',
                             object_content='roi_align', obj_size=32)
    ctx = full_step(model)
    data = model.data_preprocessor(shapes_batch(shapes_root, n=2),
                                   True)['inputs']
    inp = data['sheep']
    inp['valid'][:] = False
    inp['valid'][:, 0] = True
    inp['boxes'][:, 0] = torch.tensor([0.0, 0.0, 32.0, 32.0])
    content = model.net('content_encoder', 'sheep')(inp['img'])
    crops, _, weight = model.objects(inp)
    c_o, s_o = model.object_codes(inp, crops, weight, content, 'sheep')
    torch.testing.assert_close(c_o, content)
    assert s_o.shape == (2, model.style_dim)
    out = model.forward_train(data, ctx)
    losses = model.generator_loss(data, out, ctx)
    model.zero_grad()
    losses['loss_recon_o_sheep'].backward()
    assert any(p.grad is not None and p.grad.any() for p in
               model.net('content_encoder', 'sheep').parameters())
    with pytest.raises(ValueError, match='instance_source'):
        _init(shapes_root, object_content='roi_align',
              instance_source='half_scale')


def test_instance_style_at_test_time(shapes_root):
    """The extra INIT enables: objects re-rendered in a reference
    instance's style and pasted into their boxes; elsewhere the output is
    the global translation."""
    from utils import shapes_batch
    torch.manual_seed(0)
    model, _ = _init(shapes_root)
    model.eval()
    # the third giraffe image of this batch has objects
    data = model.data_preprocessor(shapes_batch(shapes_root, n=3),
                                   False)['inputs']
    src, ref = data['sheep'], data['giraffe']
    assert ref['valid'].any()
    styles = model.encode_object_styles(ref['img'], ref['boxes'],
                                        ref['valid'], 'giraffe')
    assert styles.shape == (int(ref['valid'].sum()), model.style_dim)
    valid = src['valid'].clone()
    valid[:, 1:] = False  # one object per image
    style = model.sample_style(3, 'giraffe')
    with torch.no_grad():
        glob = model.translate(src['img'], 'sheep', 'giraffe',
                               style=style)['img']
    out = model.translate_instances(src['img'], 'sheep', 'giraffe',
                                    src['boxes'], valid, styles[0],
                                    style=style)['img']
    inside = torch.zeros_like(out, dtype=torch.bool)
    for b, n in valid.nonzero().tolist():
        x1, y1, x2, y2 = src['boxes'][b, n].tolist()
        inside[b, :, max(int(y1), 0):round(y2), max(int(x1), 0):round(x2)] = \
            True
    assert inside.any()
    torch.testing.assert_close(out[~inside], glob[~inside])
    assert not torch.allclose(out[inside], glob[inside])
    with pytest.raises(ValueError, match='object styles'):
        model.translate_instances(src['img'], 'sheep', 'giraffe',
                                  src['boxes'], valid,
                                  styles.new_zeros(int(valid.sum()) + 1,
                                                   model.style_dim),
                                  style=style)
