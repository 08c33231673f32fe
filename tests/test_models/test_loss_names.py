"""A misspelt loss key is an error with a did-you-mean."""
import pytest
from mmengine.registry import DefaultScope

from mmi2i.registry import MODELS
from utils import tiny_cfg


@pytest.mark.parametrize('config', ['configs/cyclegan/shapes.py',
                                    'configs/instagan/shapes.py'])
def test_misspelt_loss_key(config):
    cfg = tiny_cfg(config, '', 'unused')
    cfg.model.losses = dict(cfg.model.get('losses') or dict(
        gan=dict(type='GANLoss', gan_type='lsgan')))
    cfg.model.losses['identiy'] = dict(type='L1Loss', loss_weight=1.0)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        with pytest.raises(KeyError, match="no loss 'identiy'; did you "
                           "mean 'identity'"):
            MODELS.build(cfg.model)


def test_loss_overrides_replace_or_remove_defaults():
    cfg = tiny_cfg('configs/cyclegan/shapes.py', '', 'unused')
    cfg.model.pop('losses', None)
    cfg.model.loss_overrides = dict(
        identity=None, cycle=dict(type='L1Loss', loss_weight=3.0))
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
    assert set(model.losses) == {'gan', 'cycle'}
    assert model.losses['cycle'].loss_weight == 3.0
    cfg.model.loss_overrides = dict(identiy=None)  # misspelt: an error
    with DefaultScope.overwrite_default_scope('mmi2i'):
        with pytest.raises(KeyError, match="did you mean 'identity'"):
            MODELS.build(cfg.model)
