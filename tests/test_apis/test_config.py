"""resolve_epoch_schedule: epochs counted from the train data, schedulers
placed by stage."""
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mmi2i.apis import read_config, resolve_epoch_schedule
from mmi2i.registry import MODELS
from utils import REPO


def _sheep2giraffe(root, **model):
    cfg = read_config(osp.join(REPO, 'configs/mgd_gan/sheep2giraffe.py'))
    cfg.train_dataloader.dataset.data_root = root
    # no VGG-19 weights here (never downloaded)
    cfg.model.update(model, loss_overrides=dict(vgg=None))
    return cfg


def test_paper_schedule_from_the_data(shapes_root, monkeypatch):
    """sheep2giraffe.py on the toy pair data: 24 images per domain, batch
    2, so 12 iterations an epoch and 12 x (100 + 200 + 50) in all; two
    processes halve the epoch; running one stage counts only it."""
    monkeypatch.delenv('WORLD_SIZE', raising=False)
    cfg = _sheep2giraffe(shapes_root)
    assert cfg.model.iters_per_epoch == 'auto'
    assert cfg.train_cfg.max_iters == 'auto'
    resolve_epoch_schedule(cfg)
    assert cfg.model.iters_per_epoch == 12
    assert cfg.train_cfg.max_iters == 12 * 350
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
    assert model.stages == [('mask', 1200), ('image', 2400),
                            ('finetune', 600)]
    assert model.stage_at(1199) == 'mask' and model.stage_at(1200) == 'image'

    monkeypatch.setenv('WORLD_SIZE', '2')
    cfg = _sheep2giraffe(shapes_root, run_stages=['image'])
    resolve_epoch_schedule(cfg)
    assert cfg.model.iters_per_epoch == 6
    assert cfg.train_cfg.max_iters == 6 * 200


def test_int_values_are_kept_and_unresolved_stages_refuse_to_train(
        shapes_root, monkeypatch):
    monkeypatch.delenv('WORLD_SIZE', raising=False)
    cfg = _sheep2giraffe(shapes_root, iters_per_epoch=5)
    resolve_epoch_schedule(cfg)
    assert cfg.model.iters_per_epoch == 5
    assert cfg.train_cfg.max_iters == 5 * 350
    # a tool that only tests builds the model without counting; training
    # it would be a clear error
    cfg = _sheep2giraffe(shapes_root)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
    with pytest.raises(RuntimeError, match="iters_per_epoch='auto'"):
        model.stage_at(0)
    cfg.model.pop('stages')
    with pytest.raises(ValueError, match='needs model.stages'):
        resolve_epoch_schedule(cfg)
    from mmi2i.models.base_models import stage_lengths
    with pytest.raises(ValueError, match="positive int or 'auto'"):
        stage_lengths([dict(name='mask', epochs=1)], None, 'Auto')


def _stage_cfg(**model):
    return Config(dict(
        model=dict(stages=[dict(name='mask', epochs=2),
                           dict(name='image', iters=30),
                           dict(name='finetune', epochs=1)],
                   iters_per_epoch=10, **model),
        train_cfg=dict(max_iters='auto'),
        param_scheduler=dict(
            mask_generator=[
                dict(type='ConstantLR', factor=0.1, stage='finetune'),
                dict(type='LinearLR', begin=0, end=5, by_epoch=False)],
            image_generator=[], _delete_=True)))


def test_schedulers_placed_by_stage():
    """A scheduler given by stage gets that stage's iterations among the
    stages that run; one whose stage does not run is dropped; others are
    untouched."""
    cfg = _stage_cfg()
    resolve_epoch_schedule(cfg)
    assert cfg.train_cfg.max_iters == 20 + 30 + 10
    first, second = cfg.param_scheduler.mask_generator
    # ConstantLR: one past the stage (MMEngine gives the rate back at end-1)
    assert (first.begin, first.end, first.by_epoch) == (50, 61, False)
    assert 'stage' not in first
    assert (second.begin, second.end) == (0, 5)
    assert cfg.param_scheduler.image_generator == []

    cfg = _stage_cfg(run_stages=['image', 'finetune'])
    resolve_epoch_schedule(cfg)
    assert cfg.param_scheduler.mask_generator[0].begin == 30
    assert cfg.param_scheduler.mask_generator[0].end == 41

    cfg = _stage_cfg(run_stages=['mask'])
    resolve_epoch_schedule(cfg)
    assert [s.type for s in cfg.param_scheduler.mask_generator] == [
        'LinearLR']


def test_scheduler_stage_errors():
    cfg = _stage_cfg()
    cfg.param_scheduler.mask_generator[0].stage = 'fine-tune'
    with pytest.raises(ValueError, match="'fine-tune'"):
        resolve_epoch_schedule(cfg)
    cfg = _stage_cfg()
    del cfg.model['stages']
    cfg.train_cfg.max_iters = 100
    with pytest.raises(ValueError, match='model.stages'):
        resolve_epoch_schedule(cfg)


def test_toy_config_runs_stage_3_at_a_tenth(shapes_root):
    """configs/mgd_gan/shapes.py: ConstantLR over stage 3's 300
    iterations (1500-1800), alone as well (0-300); MMEngine's ConstantLR
    gives the rate back at end - 1, so end is one past the stage."""

    def toy():
        cfg = read_config(osp.join(REPO, 'configs/mgd_gan/shapes.py'))
        cfg.train_dataloader.dataset.data_root = shapes_root
        return cfg

    cfg = toy()
    resolve_epoch_schedule(cfg)
    (sched, ) = cfg.param_scheduler.mask_generator
    assert (sched.type, sched.factor) == ('ConstantLR', 0.1)
    assert (sched.begin, sched.end) == (1500, 1801)
    cfg = toy()
    cfg.model.run_stages = ['finetune']
    resolve_epoch_schedule(cfg)
    assert (cfg.param_scheduler.mask_generator[0].begin,
            cfg.param_scheduler.mask_generator[0].end) == (0, 301)


def test_stage_scheduler_covers_every_iteration_of_its_stage():
    """Stages of 2, 4 and 3 iterations: the stage-3 ConstantLR gives a
    tenth of the rate to iterations 6, 7 and 8, all of them (it used to
    give the rate back at iteration 8: "2e-5, 2e-5, then 2e-4")."""
    import torch
    from mmengine.optim.scheduler import ConstantLR

    from mmi2i.apis import resolve_schedulers
    cfg = Config(dict(
        model=dict(stages=[dict(name='mask', iters=2),
                           dict(name='image', iters=4),
                           dict(name='finetune', iters=3)]),
        train_cfg=dict(type='IterBasedTrainLoop', max_iters=9),
        param_scheduler=dict(mask_generator=[
            dict(type='ConstantLR', factor=0.1, stage='finetune')])))
    resolve_schedulers(cfg)
    (s, ) = cfg.param_scheduler.mask_generator
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    sched = ConstantLR(opt, factor=s.factor, begin=s.begin, end=s.end,
                       by_epoch=False)
    lrs = []
    for _ in range(9):  # as the loop: an iteration, then the scheduler
        lrs.append(opt.param_groups[0]['lr'])
        opt.step()
        sched.step()
    assert lrs == pytest.approx([1.0] * 6 + [0.1] * 3)


def test_stage_3_scheduler_in_a_paper_config(shapes_root, monkeypatch):
    """The README's one-line stage-3 scheduler works in sheep2giraffe.py,
    whose stages are counted in epochs at train time."""
    monkeypatch.delenv('WORLD_SIZE', raising=False)
    cfg = _sheep2giraffe(shapes_root)
    cfg.merge_from_dict(dict(param_scheduler=dict(
        mask_generator=[dict(type='ConstantLR', factor=0.1,
                             stage='finetune')],
        mask_discriminator=[], image_generator=[], image_discriminator=[],
        _delete_=True)))
    resolve_epoch_schedule(cfg)
    (sched, ) = cfg.param_scheduler.mask_generator
    assert (sched.begin, sched.end) == (12 * 300, 12 * 350 + 1)


def test_named_hooks_are_removed_with_none(tmp_path):
    """default_hooks.<name>=None removes mmi2i's named hooks too (MMEngine
    accepts None for its own names only); the Runner then builds."""
    from mmengine.runner import Runner

    from mmi2i.apis import load_config
    from mmi2i.utils import register_all_modules
    from utils import tiny_cfg
    register_all_modules(init_default_scope=False)
    cfg = load_config(osp.join(REPO, 'configs/cyclegan/shapes.py'), {
        'default_hooks.visualization': None,
        'default_hooks.cpu_speed': None,
        'default_hooks.timer': None
    }, str(tmp_path))
    assert {'visualization', 'cpu_speed'}.isdisjoint(cfg.default_hooks)
    assert cfg.default_hooks.timer is None  # MMEngine removes it itself
    shrunk = tiny_cfg('configs/cyclegan/shapes.py', str(tmp_path / 'd'),
                      str(tmp_path), max_iters=1)
    cfg.model = shrunk.model
    names = [type(h).__name__ for h in Runner.from_cfg(cfg).hooks]
    assert 'TranslationVisualizationHook' not in names
    assert 'CPUSpeedHook' not in names and 'IterTimerHook' not in names
    assert 'SafeCheckpointHook' in names


def test_data_root_and_detector_flags_reach_every_loader_and_metric():
    """--data-root moves every loader (a loader's own root wins);
    --det-checkpoint reaches each detection metric; by default the eval
    configs name the toy detector's work dir, not one iteration's file."""
    import argparse

    from mmi2i.apis import add_config_options, config_options, load_config
    p = argparse.ArgumentParser()
    add_config_options(p, det_checkpoint=True)
    path = osp.join(REPO, 'configs/instagan/shapes_eval.py')
    cfg = load_config(path, config_options(p.parse_args([])))
    (det, ) = [m for m in cfg.test_evaluator
               if m.type == 'DetectionMatchMetric']
    assert det.det_checkpoint == 'work_dirs/detectors/mask_rcnn_tiny_shapes'
    assert det.det_config == 'configs/detectors/mask_rcnn_tiny_shapes.py'
    args = p.parse_args([
        '--data-root', '/d/x', '--det-checkpoint', '/w/det.pth',
        '--cfg-options', 'test_dataloader.dataset.data_root=/d/t'
    ])
    cfg = load_config(path, config_options(args))
    assert cfg.train_dataloader.dataset.data_root == '/d/x'
    assert cfg.val_dataloader.dataset.data_root == '/d/x'
    assert cfg.test_dataloader.dataset.data_root == '/d/t'
    (det, ) = [m for m in cfg.test_evaluator
               if m.type == 'DetectionMatchMetric']
    assert det.det_checkpoint == '/w/det.pth'


def test_missing_val_split_switches_validation_off(tmp_path):
    """A dataset converted with a train split only still trains: validation
    is switched off with a warning naming the missing file; present, it
    stays on."""
    from mmi2i.apis import load_config, skip_missing_validation
    from mmi2i.datasets.converters import generate_shapes
    root = str(tmp_path / 'only_train')
    generate_shapes(root, "pair", dict(train=8), size=32, seed=0)
    path = osp.join(REPO, 'configs/cyclegan/shapes.py')
    cfg = load_config(path, dict(data_root=root))
    missing = skip_missing_validation(cfg)
    assert [osp.basename(m) for m in missing] == ['sheep_test.json',
                                                  'giraffe_test.json']
    assert cfg.val_cfg is None and cfg.val_dataloader is None
    generate_shapes(root, "pair", dict(test=8), size=32, seed=0)
    cfg = load_config(path, dict(data_root=root))
    assert not skip_missing_validation(cfg) and cfg.val_cfg is not None


def test_train_tool_without_val_split(tmp_path):
    """tools/train.py --data-root on a train-only dataset trains."""
    import sys
    sys.path.insert(0, osp.join(REPO, 'tools'))
    from train import main

    from mmi2i.datasets.converters import generate_shapes
    from utils import tiny_cfg
    root = str(tmp_path / 'only_train')
    generate_shapes(root, "pair", dict(train=8), size=32, seed=0)
    cfg = tiny_cfg('configs/cyclegan/shapes.py', '/nowhere', str(tmp_path),
                   max_iters=2)
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[key].dataset.pop('data_root')
    cfg.data_root = '/nowhere'
    cfg.train_cfg.val_interval = 1
    cfg_path = str(tmp_path / 'cfg.py')
    cfg.dump(cfg_path)
    main([cfg_path, '--data-root', root, '--work-dir', str(tmp_path / 'w')])
    assert osp.isfile(tmp_path / 'w' / 'iter_2.pth')


def test_loop_length_in_the_unit_the_loop_counts():
    """max_iters on a config trained by epochs says which key to use."""
    from mmi2i.apis import load_config
    path = osp.join(REPO, 'configs/instagan/sheep2giraffe.py')
    with pytest.raises(ValueError, match=r'counts epochs: set '
                       r'train_cfg.max_epochs instead'):
        load_config(path, {'train_cfg.max_iters': 3})
    with pytest.raises(ValueError, match='counts iterations'):
        load_config(osp.join(REPO, 'configs/cyclegan/shapes.py'),
                    {'train_cfg.max_epochs': 3})
    assert load_config(path, {'train_cfg.max_epochs': 1}).train_cfg[
        'max_epochs'] == 1


def test_max_iters_before_the_last_stage_is_named(shapes_root):
    """Issue #32 item 5: train_cfg.max_iters=3 on MGD-GAN trains stage 1
    only; the stages cut are named (and the README's way, shortening the
    stages, cuts none)."""
    from mmi2i.apis.config import _warn_unreached_stages

    # iters_per_epoch as tools/train.py resolves it from the data
    cfg = read_config(osp.join(REPO, 'configs/mgd_gan/shapes.py'),
                      {'train_cfg.max_iters': 3,
                       'model.iters_per_epoch': 12})
    assert _warn_unreached_stages(cfg) == ['mask (partly)', 'image',
                                           'finetune']
    cfg = read_config(osp.join(REPO, 'configs/mgd_gan/shapes.py'), {
        'model.stages.0.iters': 1, 'model.stages.1.iters': 1,
        'model.stages.2.iters': 1, 'train_cfg.max_iters': 3,
        'model.iters_per_epoch': 12})
    assert _warn_unreached_stages(cfg) == []


def test_stargan_paper_configs_keep_the_public_codes_constant_rate():
    """Issue #26, 6: the public solver's "decay" (lr / 100k per 1,000
    iterations after 100k) leaves 1e-4 at 0.999e-4: the paper configs
    keep the rate constant; the toy keeps the paper's linear decay."""
    from mmi2i.apis import load_config, resolve_schedulers
    cfg = load_config(osp.join(REPO, 'configs/stargan/init_weather.py'))
    resolve_schedulers(cfg)
    assert cfg.param_scheduler == []
    cfg = load_config(osp.join(REPO, 'configs/stargan/shapes.py'))
    resolve_schedulers(cfg)
    (s, ) = cfg.param_scheduler
    assert (s.type, s.begin, s.end) == ('LinearLR', 1500, 3000)
