"""The MUNIT test protocol of the weather papers (INIT, CGL, MGUIT): an
Inception-v3 fine-tuned on the domains for IS/CIS, LPIPS over 19 pairs,
FID against the tested split, 100 inputs x 100 styles (issue #28)."""
import pytest
import torch

from mmi2i.apis import read_config
from mmi2i.evaluation.metrics import (FIDMetric, InceptionScoreMetric,
                                      LPIPSDiversityMetric)
from utils import REPO, load_tool

WEATHER_CONFIGS = ['init/sunny2night', 'init/sunny2rainy',
                   'init/sunny2cloudy', 'init/sunny2night_coco_synthesis',
                   'mguit/sunny2night', 'mguit/sunny2rainy',
                   'mguit/sunny2cloudy', 'cgl/init_weather',
                   'cgl/bdd100k_weather']


def _pred(img, src, tgt, key, style=0):
    return dict(pred_img=img, domain=src, target_domain=tgt, img_path=key,
                style_index=style)


@pytest.fixture(scope='module')
def inception_ckpt(shapes_root, tmp_path_factory):
    """A torchvision Inception-v3 fine-tuned on the toy domains by the
    tool (random start: no ImageNet weights on CI; 75 px, its minimum)."""
    out = str(tmp_path_factory.mktemp('cls') / 'inception.pth')
    load_tool('tools/analysis/train_domain_classifier.py').main([
        '--root', shapes_root, '--domains', 'sheep', 'giraffe',
        '--network', 'InceptionV3Classifier', '--network-options',
        'pretrained=False', 'input_size=75', '--size', '32', '--iters', '3',
        '--batch-size', '4', '--lr', '1e-4', '--val-split', 'test', '--out',
        out
    ])
    return out


def test_inception_v3_is_fine_tuned_and_scores_is_and_cis(inception_ckpt):
    ckpt = torch.load(inception_ckpt, weights_only=True)
    meta = ckpt['meta']
    assert meta['network']['type'] == 'InceptionV3Classifier'
    assert meta['classes'] == ['sheep', 'giraffe']
    assert 0 <= meta['val_accuracy'] <= 100  # the held-out accuracy
    assert ckpt['state_dict']['net.fc.weight'].shape == (2, 2048)
    assert not any(k.startswith('net.AuxLogits') for k in ckpt['state_dict'])
    metric = InceptionScoreMetric(checkpoint=inception_ckpt)
    rng = torch.Generator().manual_seed(0)
    rows = [_pred(torch.randint(0, 255, (3, 32, 32), generator=rng,
                                dtype=torch.uint8), 'sheep', 'giraffe',
                  f'{i}.png', k) for i in range(3) for k in range(2)]
    metric.process({}, rows)
    res = metric.compute_metrics(metric.rows())
    assert set(res) == {'sheep2giraffe/IS', 'sheep2giraffe/CIS'}
    assert 1.0 <= res['sheep2giraffe/IS'] <= 2.0
    with pytest.raises(ValueError, match='not both'):
        InceptionScoreMetric(checkpoint=inception_ckpt,
                             classifier=dict(type='TinyClassifier'))


def test_inception_v3_classifier_options():
    from mmi2i.evaluation.networks import InceptionV3Classifier
    net = InceptionV3Classifier(3, pretrained=False, input_size=75,
                                trainable='fc')
    trainable = {n for n, p in net.named_parameters() if p.requires_grad}
    assert trainable == {'net.fc.weight', 'net.fc.bias'}
    assert net(torch.zeros(2, 3, 20, 20, dtype=torch.uint8)).shape == (2, 3)
    with pytest.raises(ValueError, match='75 px'):
        InceptionV3Classifier(pretrained=False, input_size=64)
    with pytest.raises(FileNotFoundError,
                       match='inception_v3_google-0cc3c7bd.pth'):
        InceptionV3Classifier(pretrained=True)  # offline: named


def test_lpips_num_pairs_takes_the_first_outputs():
    metric = LPIPSDiversityMetric(pretrained=False, num_pairs=1)
    same = torch.full((3, 32, 32), 100, dtype=torch.uint8)
    other = torch.randint(0, 255, (3, 32, 32),
                          generator=torch.Generator().manual_seed(0),
                          dtype=torch.uint8)
    # outputs 0 and 1 equal, output 2 differs: one pair -> 0
    metric.process({}, [_pred(same, 'a', 'b', 'x', 0),
                        _pred(same, 'a', 'b', 'x', 1),
                        _pred(other, 'a', 'b', 'x', 2)])
    assert metric.compute_metrics(metric.rows())['a2b'] == pytest.approx(
        0.0, abs=1e-6)
    metric = LPIPSDiversityMetric(pretrained=False, num_pairs=19)
    metric.process({}, [_pred(same, 'a', 'b', 'x', k) for k in range(3)])
    with pytest.raises(ValueError, match='20 translations of each input'):
        metric.compute_metrics(metric.rows())


def test_num_test_inputs_draws_a_fixed_subset(shapes_root):
    from mmi2i.datasets import UnpairedInstanceDataset
    from mmi2i.datasets.unpaired_dataset import pick_test_inputs

    def build(n):
        return UnpairedInstanceDataset(
            ['sheep', 'giraffe'], data_root=shapes_root, split='train',
            test_mode=True, num_test_inputs=n)

    assert len(build(None)) == 48
    ds = build(5)
    assert len(ds) == 10
    picked = [i for d, i in ds._test_index if d == 'sheep']
    assert picked == sorted(picked) and picked == pick_test_inputs(24, 5)
    assert picked != list(range(5))  # drawn, not the first ones
    assert [i for d, i in build(5)._test_index] == \
        [i for d, i in ds._test_index]  # the same every run
    assert len(build(100)) == 48
    assert ds.metainfo['image_dirs']['giraffe'].endswith('giraffe_train')


def test_fid_reference_defaults_to_the_tested_split(shapes_root):
    from mmi2i.datasets import UnpairedInstanceDataset
    ds = UnpairedInstanceDataset(['sheep', 'giraffe'],
                                 data_root=shapes_root, split='test',
                                 test_mode=True)
    metric = FIDMetric(feature_net=dict(type='RandomConvFeatures'))
    metric.dataset_meta = ds.metainfo
    img = torch.zeros(3, 32, 32, dtype=torch.uint8)
    metric.process({}, [_pred(img, 'sheep', 'giraffe', f'{i}')
                        for i in range(3)])
    assert metric.compute_metrics(metric.rows())['sheep2giraffe'] > 0
    bare = FIDMetric(feature_net=dict(type='RandomConvFeatures'))
    with pytest.raises(KeyError, match='no reference images'):
        bare.reference_features('giraffe')


@pytest.mark.parametrize('name', WEATHER_CONFIGS)
def test_weather_paper_configs_measure_the_paper_columns(name, tmp_path,
                                                         inception_ckpt):
    """IS/CIS with the fine-tuned Inception the config names, LPIPS of 19
    pairs, FID; 100 inputs x 100 styles; the paper's keys are ones these
    metrics report; the evaluators build (random networks here)."""
    from mmi2i.registry import METRICS
    cfg = read_config(f'{REPO}/configs/{name}.py')
    types = [m['type'] for m in cfg.test_evaluator]
    assert types == ['InceptionScoreMetric', 'LPIPSDiversityMetric',
                     'FIDMetric']
    inception, lpips, fid = (dict(m) for m in cfg.test_evaluator)
    dataset = name.split('/')[1].split('_')[0]
    assert inception['checkpoint'] == cfg.domain_classifier
    assert cfg.domain_classifier.endswith(
        ('bdd100k_weather_inception_v3.pth' if dataset == 'bdd100k' else
         'init_weather_inception_v3.pth'))
    assert lpips['num_pairs'] == 19
    assert cfg.model.test_num_styles == 100
    assert cfg.test_dataloader.dataset.num_test_inputs == 100
    sources = cfg.test_dataloader.dataset.get('test_domains') or cfg.domains
    tasks = {f'{s}2{t}' for s in sources for t in cfg.domains if s != t}
    for key in (cfg.get('paper_results') or {}).get('metrics', {}):
        prefix, task = key.split('/')[:2]
        assert prefix in ('is', 'lpips_div', 'fid') and task in tasks, key
    inception['checkpoint'] = inception_ckpt
    lpips['pretrained'] = False
    fid['feature_net'] = dict(type='RandomConvFeatures')
    for m in (inception, lpips, fid):
        METRICS.build(m)


def test_resolve_evaluators_fills_the_domain_classifier():
    from mmengine.config import Config

    from mmi2i.apis import resolve_evaluators
    cfg = Config(dict(domain_classifier='c.pth', det_config='d.py',
                      test_evaluator=[dict(type='mmi2i.InceptionScoreMetric'),
                                      dict(type='InceptionScoreMetric',
                                           checkpoint='own.pth'),
                                      dict(type='FIDMetric')]))
    resolve_evaluators(cfg)
    ev = cfg.test_evaluator
    assert ev[0]['checkpoint'] == 'c.pth' and ev[1]['checkpoint'] == 'own.pth'
    assert 'checkpoint' not in ev[2] and 'det_config' not in ev[2]


@pytest.mark.parametrize('config', [
    'init_table5/mask_rcnn_r50_fpn_real.py',
    'init_table5/mask_rcnn_r50_fpn_synthetic.py',
    'init_table5/mask_rcnn_r50_fpn_real_synthetic.py',
    'mguit_table3/faster_rcnn_r50_fpn_kitti2cityscapes.py',
    'mguit_table3/faster_rcnn_r50_fpn_kitti.py'
])
def test_detection_table_configs_build(config):
    """INIT Table 5 (Mask R-CNN on real / synthetic / both COCO) and MGUIT
    Table 3 (Faster R-CNN on KITTI or its translation to Cityscapes, four
    classes) inherit mmdet's own recipes and build."""
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    cfg = Config.fromfile(f'{REPO}/configs/detectors/{config}')
    ds = cfg.train_dataloader.dataset
    roots = [d['data_root'] for d in ds.get('datasets', [ds])]
    if 'init_table5' in config:
        want = {'real': ['data/coco/'],
                'synthetic': ['data/coco_night/train2017/'],
                'real_synthetic': ['data/coco/',
                                   'data/coco_night/train2017/']}
        assert roots == want[config.split('fpn_')[1][:-3]]
    else:
        assert cfg.model.roi_head.bbox_head.num_classes == 4
        assert cfg.val_dataloader.dataset.ann_file.endswith(
            'cityscapes_val.json')
        assert roots[0].endswith('synth/kitti2cityscapes_train/'
                                 if 'kitti2' in config else
                                 'kitti2cityscapes/')
    with DefaultScope.overwrite_default_scope('mmdet'):
        from mmdet.registry import MODELS
        MODELS.build(cfg.model)
