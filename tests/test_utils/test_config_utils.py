"""resolve_epoch_schedule: epochs counted from the train data."""
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mmi2i.registry import MODELS
from mmi2i.utils import resolve_epoch_schedule
from utils import REPO


def _sheep2giraffe(root, **model):
    cfg = Config.fromfile(osp.join(REPO, 'configs/mgd_gan/sheep2giraffe.py'))
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
