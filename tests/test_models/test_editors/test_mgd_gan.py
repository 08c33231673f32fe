"""MGD-GAN building blocks: eq. 2, the mask-morph networks, each loss
against a hand computation, the blend, inpainters and their cache."""
import numpy as np
import pytest
import torch
from PIL import Image

from mmi2i.apis import read_config
from mmi2i.datasets import BackgroundCache
from mmi2i.models.editors.mgd_gan import (MaskMorphGenerator,
                                          MultiScaleMaskDiscriminator, blend,
                                          instance_features)
from mmi2i.models.editors.mgd_gan import losses as L
from mmi2i.models.editors.mgd_gan import union
from mmi2i.models.inpainters import OpenCVInpainter, TorchScriptInpainter


def test_instance_feature_is_mask_times_image_feature():
    feat = torch.arange(2 * 3 * 4 * 4, dtype=torch.float).view(2, 3, 4, 4)
    masks = torch.zeros(3, 1, 8, 8)
    masks[0, 0, :4, :4] = 1  # image 0, top-left quarter
    masks[1, 0] = 1  # image 1, everything
    masks[2, 0, 4:, 4:] = 1  # image 1, bottom-right
    out = instance_features(feat, masks, torch.tensor([0, 1, 1]))
    expected = torch.zeros(3, 3, 4, 4)
    expected[0, :, :2, :2] = feat[0, :, :2, :2]
    expected[1] = feat[1]
    expected[2, :, 2:, 2:] = feat[1, :, 2:, 2:]
    torch.testing.assert_close(out, expected)


def test_mask_generator_encodes_each_image_once_and_all_instances_together():
    torch.manual_seed(0)
    g = MaskMorphGenerator(num_domains=2, base_channels=8, num_blocks=1,
                           label_channels=4)
    g.init_weights()
    calls = []
    g.encoder.register_forward_hook(
        lambda m, i, o: calls.append(i[0].shape[0]))
    img = torch.randn(2, 3, 32, 32)
    masks = (torch.rand(5, 1, 32, 32) > 0.5).float()
    index = torch.tensor([0, 0, 1, 1, 1])
    outs = g(img, masks, index, torch.ones(5, dtype=torch.long))
    assert calls == [2]  # one encoder pass for the batch of images
    assert [tuple(o.shape) for o in outs] == [(5, 1, 8, 8), (5, 1, 16, 16),
                                              (5, 1, 32, 32)]
    assert all(((o >= 0) & (o <= 1)).all() for o in outs)
    other = g(img, masks, index, torch.zeros(5, dtype=torch.long))
    assert (other[-1] - outs[-1]).abs().max() > 0  # the label matters
    d = MultiScaleMaskDiscriminator(base_channels=8)
    preds = d(outs[-1])
    assert len(preds) == 2 and preds[0].shape[-1] == 2 * preds[1].shape[-1]


def test_adversarial_sums_by_hand():
    """Eqs. 3-4 with the hinge GAN loss, summed over D's two outputs."""
    from mmi2i.models.losses import GANLoss
    hinge = GANLoss(gan_type='hinge')
    real = [torch.tensor([0.5, 2.0]), torch.tensor([-1.0])]
    fake = [torch.tensor([-2.0, 0.0]), torch.tensor([1.0])]
    # G: -(mean(fake_1) + mean(fake_2)) = -(-1 + 1) = 0
    assert L.adv_g(hinge, fake).item() == pytest.approx(0.0)
    # D: 1/2 [(relu(1-2)+relu(1+0))/2 + (relu(1-.5)+relu(1-2))/2
    #         + relu(1+1) + relu(1+1)] = 1/2 [0.5 + 0.25 + 2 + 2]
    assert L.adv_d(hinge, real, fake).item() == pytest.approx(0.5 * 4.75)
    # a dummy (weight 0) fake side leaves only the real terms
    assert L.adv_d(hinge, real, fake, w_fake=0.0).item() == pytest.approx(
        0.5 * (0.25 + 2.0))


def test_mask_losses_by_hand():
    src = torch.tensor([[[[1.0, 0.0], [0.0, 1.0]]]])
    regen = torch.tensor([[[[0.5, 0.0], [0.5, 1.0]]]])
    assert L.pseudo_cycle(src, regen).item() == pytest.approx(0.25)
    coarse = torch.full((1, 1, 1, 1), 0.5)
    fine = torch.tensor([[[[1.0, 0.0], [1.0, 1.0]]]])  # area mean 0.75
    assert L.mask_consistency([coarse, fine]).item() == pytest.approx(0.25)
    # completeness: a 4x4 mask with one isolated pixel, factor 2
    m = torch.zeros(1, 1, 4, 4)
    m[0, 0, 0, 0] = 1
    full = torch.ones(1, 1, 4, 4)
    assert L.mask_completeness(full, 2).item() == pytest.approx(0.0)
    assert L.mask_completeness(m, 2).item() > 0
    assert L.mask_size_penalty(fine).item() == pytest.approx(0.75)
    alpha = torch.tensor([[[[0.5, 0.9]]]])
    target = torch.tensor([[[[1.0, 0.0]]]])
    expected = -(np.log(0.5) + np.log(0.1)) / 2
    assert L.fusion_map_bce(alpha, target).item() == pytest.approx(
        expected, rel=1e-5)


def test_blend_with_alpha_zero_returns_background_exactly():
    fg, bg = torch.randn(2, 3, 8, 8), torch.randn(2, 3, 8, 8)
    assert torch.equal(blend(fg, bg, torch.zeros(2, 1, 8, 8)), bg)
    assert torch.equal(blend(fg, bg, torch.ones(2, 1, 8, 8)), fg)


def test_union_per_image():
    masks = torch.zeros(3, 1, 2, 2)
    masks[0, 0, 0, 0] = 0.4
    masks[1, 0, 0, 0] = 0.9
    masks[2, 0, 1, 1] = 1.0
    u = union(masks, torch.tensor([0, 0, 1]), 3)
    assert u[0, 0, 0, 0] == pytest.approx(0.9) and u[1, 0, 1, 1] == 1
    assert u[2].sum() == 0


def _scene():
    img = np.zeros((32, 32, 3), np.uint8)
    img[:] = (40, 120, 200)  # uniform background
    mask = np.zeros((32, 32), bool)
    mask[10:20, 12:22] = True
    img[mask] = (250, 250, 0)  # the object
    return img, mask


def test_opencv_inpainter_removes_the_object():
    img, mask = _scene()
    out = OpenCVInpainter()(img, mask)
    assert out.shape == img.shape and out.dtype == np.uint8
    diff = np.abs(out[mask].astype(int) - np.array([40, 120, 200]))
    assert diff.max() < 10  # filled from the surrounding background
    with pytest.raises(ValueError, match='telea'):
        OpenCVInpainter(method='magic')


def test_background_cache_computes_once(tmp_path):
    img, mask = _scene()
    calls = []

    def counting(i, m):
        calls.append(1)
        return OpenCVInpainter()(i, m)

    cache = BackgroundCache(str(tmp_path), counting)
    first = cache.get('a.png', img, mask)
    assert (img, mask) in cache and len(calls) == 1
    again = BackgroundCache(str(tmp_path), counting)  # a later run
    assert np.array_equal(again.get('a.png', img, mask), first)
    assert len(calls) == 1  # read back, not recomputed
    other = mask.copy()
    other[0, 0] = True
    assert (img, other) not in cache
    # another image under the same name is not served the first's entry
    assert (255 - img, mask) not in cache
    assert not [f for f in tmp_path.iterdir() if 'tmp' in f.name]


def test_background_cache_recomputes_broken_entries(tmp_path):
    """Issue #31, 6: a zero-byte or foreign entry stopped training with a
    raw UnidentifiedImageError; one of the wrong size was used silently.
    Both are recomputed with a warning naming the file."""
    from mmi2i.datasets.io import DataWarning
    img, mask = _scene()
    cache = BackgroundCache(str(tmp_path), OpenCVInpainter())
    good = cache.get('a.png', img, mask)
    path = cache.path(img, mask)
    for broken in (b'', b'not a png'):
        with open(path, 'wb') as f:
            f.write(broken)
        with pytest.warns(DataWarning, match='does not decode.*recomputing'):
            assert np.array_equal(cache.get('a.png', img, mask), good)
    Image.fromarray(good[:5]).save(path, format='PNG')
    with pytest.warns(DataWarning, match=r'recomputing'):
        assert np.array_equal(cache.get('a.png', img, mask), good)


def test_learned_inpainter_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='hifill.pt'):
        TorchScriptInpainter(str(tmp_path / 'hifill.pt'))


# -- the model: stages, freezing, inference ---------------------------------
def _mgd_model(**overrides):
    from mmengine.registry import DefaultScope

    from mmi2i.engine import TranslationOptimWrapperConstructor
    from mmi2i.registry import MODELS
    from utils import REPO
    cfg = read_config(f'{REPO}/configs/mgd_gan/shapes.py')
    cfg.model.mask_generator.update(base_channels=8, num_blocks=1)
    cfg.model.mask_discriminator.update(base_channels=8)
    cfg.model.image_generator.update(base_channels=8, spade_hidden=8)
    cfg.model.image_discriminator.update(base_channels=8)
    cfg.model.stages = [dict(name='mask', iters=2),
                        dict(name='image', iters=2),
                        dict(name='finetune', iters=2)]
    cfg.model.update(overrides)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    optim = TranslationOptimWrapperConstructor(cfg.optim_wrapper)(model)
    return model, optim


def _mgd_batch(root, n=2):
    from mmi2i.datasets import UnpairedInstanceDataset, translation_collate
    pipeline = [
        dict(type='LoadImageFromFile'), dict(type='LoadInstances'),
        dict(type='LoadInpaintedBackground'),
        dict(type='RandomFlip', prob=0.5),
        dict(type='PackTranslationInputs')]
    ds = UnpairedInstanceDataset(['sheep', 'giraffe'], data_root=root,
                                 pipeline=pipeline)
    return translation_collate([ds[i] for i in range(n)])


def _at_iter(i):
    from mmengine.logging import MessageHub
    MessageHub.get_current_instance().update_info('iter', i)


def test_stages_follow_the_iteration_and_update_their_networks(shapes_root):
    import copy
    model, optim = _mgd_model()
    data = _mgd_batch(shapes_root)
    assert [model.stage_at(i) for i in range(7)] == [
        'mask', 'mask', 'image', 'image', 'finetune', 'finetune',
        'finetune']
    expected = dict(
        mask={'mask_generator', 'mask_discriminator'},
        image={'image_generator', 'image_discriminator'},
        finetune={'mask_generator'})
    try:
        for it, stage in ((0, 'mask'), (2, 'image'), (4, 'finetune')):
            _at_iter(it)
            before = {n: copy.deepcopy(m.state_dict())
                      for n, m in model.named_children()
                      if n.startswith(('mask_', 'image_'))}
            logs = model.train_step(copy.deepcopy(data), optim)
            assert all(torch.isfinite(v) for v in logs.values()), logs
            changed = {n for n, sd in before.items() if any(
                not torch.equal(v, getattr(model, n).state_dict()[k])
                for k, v in sd.items() if v.is_floating_point())}
            # spectral-norm-free nets: only the stage's networks change;
            # stage 3 leaves every parameter of G_img and D_img unchanged
            assert changed == expected[stage], (stage, changed)
        assert 'loss_img_gan_sheep2giraffe' in logs
    finally:
        _at_iter(0)


def test_ablations_of_table_2_train(shapes_root):
    """Issue #26, 15: B (w/o L_reg) and C (w/o L_const) as loss overrides
    (they raised KeyError), E (end to end) as its own stage updating both
    generators and both discriminators."""
    import copy
    data = _mgd_batch(shapes_root)
    for overrides, gone in (
            (dict(completeness=None, size_penalty=None),
             ('completeness', 'size_penalty')),
            (dict(consistency=None), ('consistency', ))):
        model, optim = _mgd_model(loss_overrides=overrides)
        logs = model.train_step(copy.deepcopy(data), optim)
        assert not [k for k in logs if any(g in k for g in gone)]
        assert 'loss_pc_sheep' in logs
    model, optim = _mgd_model(stages=[dict(name='e2e', iters=2)])
    before = {n: copy.deepcopy(m.state_dict())
              for n, m in model.named_children()
              if n.startswith(('mask_', 'image_'))}
    logs = model.train_step(copy.deepcopy(data), optim)
    assert all(torch.isfinite(v) for v in logs.values()), logs
    assert {'loss_img_gan_sheep2giraffe', 'loss_img_disc_giraffe',
            'loss_mask_disc_giraffe', 'loss_consistency_sheep2giraffe'} <= \
        set(logs)
    changed = {n for n, sd in before.items() if any(
        not torch.equal(v, getattr(model, n).state_dict()[k])
        for k, v in sd.items() if v.is_floating_point())}
    assert changed == {'mask_generator', 'mask_discriminator',
                       'image_generator', 'image_discriminator'}


def test_run_single_stage_and_unknown_stage(shapes_root):
    model, _ = _mgd_model(run_stages=['image'])
    assert model.stage_at(0) == 'image'
    with pytest.raises(KeyError, match="no stage 'mask2'"):
        _mgd_model(stages=[dict(name='mask2', iters=1)])


def test_inference_translates_masks_and_keeps_empty_images(shapes_root):
    model, _ = _mgd_model()
    model.eval()
    data = model.data_preprocessor(_mgd_batch(shapes_root, n=3), False)
    inp = data['inputs']['sheep']
    out = model.translate(inp['img'], 'sheep', 'giraffe', inp['masks'],
                          inp['valid'])
    assert out['img'].shape == inp['img'].shape
    assert out['masks'].shape == inp['masks'].shape
    assert torch.equal(out['mask_valid'], inp['valid'])
    none = model.translate(inp['img'], 'sheep', 'giraffe',
                           inp['masks'][:, :0], inp['valid'][:, :0])
    assert torch.equal(none['img'], inp['img'])
    preds = model.predict(data['inputs'], data['data_samples'])
    assert all('pred_instances' in p for p in preds)


def test_background_transform_needs_masks_first():
    from mmi2i.datasets.transforms import LoadInpaintedBackground
    img, _ = _scene()
    t = LoadInpaintedBackground(cache_dir=None)
    with pytest.raises(KeyError, match='after LoadInstances'):
        t(dict(img=img, img_path='x.png'))
