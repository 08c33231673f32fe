import os.path as osp
import sys

import pytest

from mmi2i.apis import init_model
from mmi2i.datasets.io import DataError
from utils import REPO, load_tool, tiny_model_files

sys.path.insert(0, osp.join(REPO, 'tools', 'analysis'))


def test_lpips_diversity_of_a_deterministic_model(shapes_root, tmp_path):
    from lpips_diversity import main
    cfg_path, ckpt = tiny_model_files('configs/cyclegan/shapes.py',
                                      shapes_root, tmp_path)
    assert init_model(cfg_path, ckpt).training is False
    score = main([cfg_path, ckpt, '--source-domain', 'sheep',
                  '--num-inputs', '2', '--num-pairs', '3',
                  '--random-lpips'])
    assert score == 0.0


def test_instance_stats_of_a_mask_translating_model(shapes_root, tmp_path):
    from instance_stats import main
    cfg_path, ckpt = tiny_model_files('configs/instagan/shapes.py',
                                      shapes_root, tmp_path)
    res = main([cfg_path, ckpt, '--source-domain', 'sheep'])
    assert res['task'] == 'sheep2giraffe'
    assert res['source_aspect'] < 1.0 < res['target_aspect']
    assert res['translated_masks'] > 0
    assert 0 <= res['l1_bg_outside_both'] <= 1


def test_style_tools_on_a_multimodal_model(shapes_root, tmp_path):
    import pytest
    import torch
    from lpips_diversity import main as diversity
    from style_reference import colour_stats
    from style_reference import main as reference
    img = torch.tensor([[[[0.0, 2.0]], [[1.0, 1.0]], [[-1.0, 3.0]]]])
    std = 2 ** 0.5  # unbiased std of (0, 2)
    torch.testing.assert_close(
        colour_stats(img), torch.tensor([[1.0, 1.0, 1.0, std, 0.0,
                                          2 * std]]))
    cfg_path, ckpt = tiny_model_files('configs/munit/shapes.py', shapes_root,
                                      tmp_path)
    # random styles of a multimodal model differ (a deterministic one: 0)
    assert diversity([cfg_path, ckpt, '--source-domain', 'sheep',
                      '--num-inputs', '2', '--num-pairs', '2',
                      '--random-lpips']) > 0
    res = reference([cfg_path, ckpt, '--source-domain', 'sheep',
                     '--num-inputs', '2', '--num-refs', '4'])
    assert res['chance'] == 0.25 and 0 <= res['ref_accuracy'] <= 1
    assert res['ref_distance'] > 0 and res['random_distance'] > 0
    det_cfg, det_ckpt = tiny_model_files('configs/cyclegan/shapes.py',
                                         shapes_root, tmp_path / 'det')
    with pytest.raises(SystemExit, match='no styles'):
        reference([det_cfg, det_ckpt, '--source-domain', 'sheep'])


def test_tsne_separates_clusters_deterministically():
    import numpy as np
    import torch

    from mmi2i.visualization import tsne
    g = torch.Generator().manual_seed(1)
    x = torch.cat([torch.randn(30, 8, generator=g) + 5 * k
                   for k in range(3)])
    y = tsne(x, perplexity=10, iters=300)
    assert y.shape == (90, 2)
    np.testing.assert_array_equal(y, tsne(x, perplexity=10, iters=300))
    # every point's nearest neighbour in the embedding is from its cluster
    labels = np.repeat(np.arange(3), 30)
    d = ((y[:, None] - y[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    assert (labels[d.argmin(1)] == labels).all()


def test_style_tsne_init_and_mguit(shapes_root, shapes_multi_root, tmp_path):
    from style_tsne import main
    cfg_path, ckpt = tiny_model_files('configs/init/shapes.py', shapes_root,
                                      tmp_path / 'init')
    points = main([cfg_path, ckpt, '--source-domain', 'sheep',
                   '--num-images', '3', '--iters', '50',
                   '--out', str(tmp_path / 'init.png')])
    assert set(points) == {'image', 'background', 'object'}
    assert len(points['image']) == 3 and len(points['object']) >= 3
    assert (tmp_path / 'init.png').stat().st_size > 1000
    cfg_path, ckpt = tiny_model_files('configs/mguit/shapes.py',
                                      shapes_multi_root, tmp_path / 'mguit')
    points = main([cfg_path, ckpt, '--source-domain', 'grass',
                   '--num-images', '2', '--iters', '50',
                   '--out', str(tmp_path / 'mguit.png')])
    # 8 keys; every content pixel addresses one item, named by its class
    assert len(points['keys']) == 8
    items = [k for k in points if k != 'keys']
    assert items and all(k.startswith('item ') for k in items)
    assert sum(len(points[k]) for k in items) == 2 * 8 * 8  # 32px: 8x8
    assert all(('background' in k) == (int(k.split()[1]) < 4)
               for k in items)
    # object items carry the dataset's class names
    assert all(('sheep' in k) == (int(k.split()[1]) in (4, 5))
               for k in items)


def test_memory_stats_of_mguit(shapes_multi_root, tmp_path):
    import pytest
    from memory_stats import main
    cfg_path, ckpt = tiny_model_files('configs/mguit/shapes.py',
                                      shapes_multi_root, tmp_path)
    res = main([cfg_path, ckpt, '--source-domain', 'snow',
                '--num-images', '2'])
    assert len(res['usage']) == 8
    assert sum(res['usage']) == pytest.approx(1.0)
    assert 0 <= res['own_class'] <= 1
    assert -1 <= res['trained']['within'] <= 1
    det_cfg, det_ckpt = tiny_model_files('configs/munit/shapes.py',
                                         shapes_multi_root, tmp_path / 'm')
    with pytest.raises(SystemExit, match='no memory'):
        main([det_cfg, det_ckpt, '--source-domain', 'sheep'])


def test_model_size_report():
    from model_size import main
    rows = main([osp.join(REPO, 'configs/stargan/shapes.py'),
                 osp.join(REPO, 'configs/cyclegan/shapes_grass2snow.py'),
                 '--pairwise', '3'])
    star, cyc, pairs = rows
    assert star['domains'] == 3 and star['inference'] < star['total']
    assert pairs['inference'] == 3 * cyc['inference']  # 3 pairs of 3


def test_benchmark_step_of_an_epoch_scheduled_config():
    """The benchmark measures a config whose stages are counted in epochs
    (iters_per_epoch='auto', resolved by tools/train.py from the data):
    synthetic batches measure the first stage."""
    from benchmark import measure
    res = measure(
        osp.join(REPO, 'configs/mgd_gan/shapes.py'), 2, 1, 1, 32, 'cpu',
        {'model.iters_per_epoch': 'auto',
         # a long first stage: earlier tests may have left the message
         # hub's iteration counter above 0
         'model.stages': [dict(name='mask', epochs=10**6),
                          dict(name='image', epochs=1)]})
    assert res['instances'] == 2 and res['step_s'] > 0
    assert res['peak_mib'] > 0 and res['faults'] >= 0


def test_benchmark_variants_on_other_thread_counts(monkeypatch):
    """``threads=N`` in a variant runs its steps on N threads (not a config
    option); losses are compared per iteration against the first
    variant, which agrees with itself exactly."""
    import torch
    from benchmark import compare

    from mmi2i.models.editors import CycleGAN
    seen, step = [], CycleGAN.train_step

    def counting_step(self, *args, **kwargs):
        seen.append(torch.get_num_threads())
        return step(self, *args, **kwargs)

    monkeypatch.setattr(CycleGAN, 'train_step', counting_step)
    before = torch.get_num_threads()
    rows = compare(osp.join(REPO, 'configs/cyclegan/shapes.py'),
                   [('t2', {'threads': 2}), ('t1', {'threads': 1})], 2, 2,
                   1, 32, 'cpu', None)
    assert torch.get_num_threads() == before
    assert seen == [2, 1] * 3  # interleaved: warm-up + 2 iterations
    ref, other = rows
    assert (ref['threads'], other['threads']) == (2, 1)
    assert ref['loss_diff_per_iter'] == [0.0, 0.0, 0.0]  # warm-up + 2
    assert len(other['loss_diff_per_iter']) == 3
    assert other['max_loss_diff'] == max(other['loss_diff_per_iter'])


def test_benchmark_in_float64():
    """--dtype float64: parameters, inputs and losses in float64, where
    the same step on 1 and 2 threads agrees far below float32 rounding."""
    import torch
    from benchmark import build, compare, synthetic_batch
    cfg = osp.join(REPO, 'configs/cyclegan/shapes.py')
    model, optim = build(cfg, None, 'cpu', dtype='float64')
    assert {p.dtype for p in model.parameters()} == {torch.float64}
    logs = model.train_step(synthetic_batch(model.domains, 1, 32, 1), optim)
    assert {v.dtype for v in logs.values()} == {torch.float64}
    rows = compare(cfg, [('t2', {'threads': 2}), ('t1', {'threads': 1})], 1,
                   2, 1, 32, 'cpu', None, 'float64')
    assert rows[1]['max_loss_diff'] < 1e-12


def test_official_speed_needs_a_clone_of_the_authors_repository(tmp_path):
    tool = load_tool('tools/analysis/official_speed.py')
    with pytest.raises(SystemExit, match="not a clone of the authors' "
                       'InstaGAN repository'):
        tool.main([str(tmp_path)])


def test_loss_trace_compare_reports_differences(capsys):
    tool = load_tool('tools/analysis/loss_trace.py')
    ref = {'a.py': {'1': dict(loss_g=1.0), '2': dict(loss_g=2.0)}}
    same = {'a.py': {'1': dict(loss_g=1.0), '2': dict(loss_g=2.0)}}
    assert tool.compare(same, ref, tol=0.0)
    moved = {'a.py': {'1': dict(loss_g=1.0), '2': dict(loss_g=2.5)}}
    assert not tool.compare(moved, ref, tol=0.1)
    assert tool.compare(moved, ref, tol=1.0)
    assert not tool.compare({'b.py': same['a.py']}, ref, tol=1.0)
    assert '0.5' in capsys.readouterr().out
    with pytest.raises(DataError, match='--out x.json is one of the inputs'):
        tool.main(['a.py', '--out', 'x.json', '--compare', './x.json'])
