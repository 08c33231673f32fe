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
    assert (first.begin, first.end, first.by_epoch) == (50, 60, False)
    assert 'stage' not in first
    assert (second.begin, second.end) == (0, 5)
    assert cfg.param_scheduler.image_generator == []

    cfg = _stage_cfg(run_stages=['image', 'finetune'])
    resolve_epoch_schedule(cfg)
    assert cfg.param_scheduler.mask_generator[0].begin == 30
    assert cfg.param_scheduler.mask_generator[0].end == 40

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
    iterations (1500-1800), alone as well (0-300)."""

    def toy():
        cfg = read_config(osp.join(REPO, 'configs/mgd_gan/shapes.py'))
        cfg.train_dataloader.dataset.data_root = shapes_root
        return cfg

    cfg = toy()
    resolve_epoch_schedule(cfg)
    (sched, ) = cfg.param_scheduler.mask_generator
    assert (sched.type, sched.factor) == ('ConstantLR', 0.1)
    assert (sched.begin, sched.end) == (1500, 1800)
    cfg = toy()
    cfg.model.run_stages = ['finetune']
    resolve_epoch_schedule(cfg)
    assert (cfg.param_scheduler.mask_generator[0].begin,
            cfg.param_scheduler.mask_generator[0].end) == (0, 300)


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
    assert (sched.begin, sched.end) == (12 * 300, 12 * 350)


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
