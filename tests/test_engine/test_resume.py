"""Checkpoints load under safe loading and resuming is exact."""
import pytest
import torch
from mmengine.hooks import Hook
from mmengine.runner import Runner

from utils import tiny_cfg

N = 8


class LossRecorder(Hook):
    priority = 'VERY_LOW'

    def __init__(self):
        self.logs = {}
        self.logged_losses = {}  # what the log line shows

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        self.logs[runner.iter + 1] = {
            k: float(v)
            for k, v in outputs.items()
        }
        self.logged_losses[runner.iter + 1] = {
            k[len('train/'):] for k in runner.message_hub.log_scalars
            if k.startswith('train/loss')}


def _train(cfg):
    # a unique name: runners started within the same second would share
    # MessageHub instances (named by timestamp) and their histories
    import uuid
    cfg.experiment_name = f'resume_test_{uuid.uuid4().hex}'
    runner = Runner.from_cfg(cfg)
    rec = LossRecorder()
    runner.register_hook(rec)
    runner.train()
    if len(runner.model.stages) > 1:
        # the log line shows the losses of the iteration's stage only
        # (StageLogHook; stage 1's kept their last values before)
        for it, logs in rec.logs.items():
            assert rec.logged_losses[it] == {
                k for k in logs if k.startswith('loss')}, it
    return rec.logs, runner


def test_resume_matches_straight_run(shapes_root, tmp_path):
    # gradient penalty adds global-RNG use inside the model step
    losses = dict(
        gan=dict(type='GANLoss', gan_type='lsgan', loss_weight=1.0),
        cycle=dict(type='L1Loss', loss_weight=10.0),
        identity=dict(type='L1Loss', loss_weight=5.0),
        gp=dict(type='GradientPenaltyLoss', loss_weight=1.0))
    common = dict(model=dict(losses=losses, buffer_size=3))
    straight, _ = _train(
        tiny_cfg('configs/cyclegan_seg/shapes.py', shapes_root,
                 str(tmp_path / 'straight'), N, **common))

    first = tiny_cfg('configs/cyclegan_seg/shapes.py', shapes_root,
                     str(tmp_path / 'resumed'), N, **common)
    first.train_cfg.max_iters = N // 2  # stop half-way, same schedule
    first.param_scheduler[0].update(begin=N // 2, end=N)
    part1, _ = _train(first)
    ckpt = tmp_path / 'resumed' / f'iter_{N // 2}.pth'
    assert ckpt.is_file()
    # plain types only: safe loading works and nothing needs allowlisting
    assert torch.serialization.get_unsafe_globals_in_checkpoint(
        str(ckpt)) == []
    torch.load(str(ckpt), weights_only=True)

    second = tiny_cfg('configs/cyclegan_seg/shapes.py', shapes_root,
                      str(tmp_path / 'resumed'), N, **common)
    second.resume = True
    second.load_from = str(ckpt)
    part2, runner = _train(second)
    assert sorted(part1) == list(range(1, N // 2 + 1))
    assert sorted(part2) == list(range(N // 2 + 1, N + 1))
    assert {**part1, **part2} == straight
    # history buffers came back (the logger's smoothing needs them)
    hub = runner.message_hub
    assert len(hub.get_scalar('train/loss_g').data[0]) == N


def test_mgd_gan_resume_in_the_middle_of_stage_two(shapes_root, tmp_path):
    """Stages follow the iteration: resuming at iteration 4 (the middle of
    the image stage) continues as an uninterrupted run, to 1e-4 relative:
    Adam's first steps (~lr * sign(grad)) amplify float rounding of
    near-zero gradients; a wrong state, batch or stage differs by orders
    of magnitude more."""
    from utils import tiny_mgd_cfg
    straight, _ = _train(tiny_mgd_cfg(shapes_root,
                                      str(tmp_path / 'straight')))
    first = tiny_mgd_cfg(shapes_root, str(tmp_path / 'resumed'))
    first.train_cfg.max_iters = 4
    first.default_hooks.checkpoint.interval = 4
    _train(first)
    second = tiny_mgd_cfg(shapes_root, str(tmp_path / 'resumed'))
    second.resume = True
    second.load_from = str(tmp_path / 'resumed' / 'iter_4.pth')
    resumed, runner = _train(second)
    assert sorted(resumed) == [5, 6, 7, 8]
    for it in (5, 6, 7, 8):
        assert resumed[it].keys() == straight[it].keys()
        for k in straight[it]:
            assert resumed[it][k] == pytest.approx(straight[it][k],
                                                   rel=1e-4), (it, k)
    assert straight[5]['stage'] == 2.0 and straight[7]['stage'] == 3.0


def _round_trip(config, root, tmp_path):
    """Train N iterations straight, and N / 2 + resume N / 2; the resumed
    losses match (1e-4 relative, see above). Returns the checkpoint at
    N / 2 and the runner after resuming."""
    straight, _ = _train(tiny_cfg(config, root, str(tmp_path / 'straight'),
                                  N))
    first = tiny_cfg(config, root, str(tmp_path / 'resumed'), N)
    first.train_cfg.max_iters = N // 2
    _train(first)
    ckpt = tmp_path / 'resumed' / f'iter_{N // 2}.pth'
    assert torch.serialization.get_unsafe_globals_in_checkpoint(
        str(ckpt)) == []
    second = tiny_cfg(config, root, str(tmp_path / 'resumed'), N)
    second.resume = True
    second.load_from = str(ckpt)
    resumed, runner = _train(second)
    assert sorted(resumed) == list(range(N // 2 + 1, N + 1))
    for it in resumed:
        assert resumed[it].keys() == straight[it].keys()
        for k in straight[it]:
            assert resumed[it][k] == pytest.approx(straight[it][k],
                                                   rel=1e-4), (it, k)
    return ckpt, runner


@pytest.mark.parametrize('config', ['configs/munit/shapes.py',
                                    'configs/drit/shapes.py'])
def test_content_style_checkpoint_round_trip(shapes_root, tmp_path, config):
    """MUNIT / DRIT++: the checkpoint holds plain types, and resuming at
    iteration 4 (for DRIT++ inside its 3-iteration cycle) continues as an
    uninterrupted run, random styles and noise included."""
    ckpt, _ = _round_trip(config, shapes_root, tmp_path)
    # the style encoders' weights came back too
    state = torch.load(str(ckpt), weights_only=True)['state_dict']
    assert any(k.startswith('style_encoder_sheep.') for k in state)


def test_mguit_checkpoint_round_trip_with_memory(shapes_multi_root,
                                                 tmp_path):
    """MGUIT: the memory (keys and both domains' values) is saved and
    resumed, so the resumed run reads and updates the same items."""
    ckpt, _ = _round_trip('configs/mguit/shapes.py', shapes_multi_root,
                          tmp_path)
    state = torch.load(str(ckpt), weights_only=True)['state_dict']
    assert {'memory.keys', 'memory.values_grass',
            'memory.values_snow'} <= set(state)
    # the losses after resuming match the straight run's (checked above);
    # with a reinitialized memory they would not: every read depends on it
    assert torch.allclose(state['memory.keys'].norm(dim=1),
                          torch.ones(len(state['memory.keys'])))
