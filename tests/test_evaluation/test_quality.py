"""Behaviour of FID, IS/CIS, LPIPS diversity and the classification score
with small networks built here (the pretrained ones are not downloadable
on CI)."""
import os

import numpy as np
import pytest
import torch

from mmi2i.evaluation import (conditional_inception_score, frechet_distance,
                              inception_score, lpips_diversity)
from mmi2i.evaluation.metrics import (ClassificationScoreMetric, FIDMetric,
                                      InceptionScoreMetric)
from mmi2i.evaluation.networks import (InceptionFeatures, RandomConvFeatures,
                                       build_lpips)


def _shapes_images(root, domain, split='test'):
    from mmi2i.datasets import read_image
    folder = os.path.join(root, 'images', f'{domain}_{split}')
    return folder, [
        torch.from_numpy(read_image(os.path.join(folder, f))).permute(2, 0,
                                                                      1)
        for f in sorted(os.listdir(folder))
    ]


def test_fid_identical_zero_shifted_larger(shapes_root):
    net = RandomConvFeatures()
    _, imgs = _shapes_images(shapes_root, 'giraffe', 'train')
    feats = torch.cat([net(i[None]) for i in imgs]).numpy()
    brighter = torch.cat([net((i.float() * 0.5 + 120).byte()[None])
                          for i in imgs]).numpy()
    assert frechet_distance(feats, feats) == pytest.approx(0, abs=1e-6)
    assert frechet_distance(feats, brighter) > 0.05


def test_inception_and_conditional_scores():
    assert inception_score(np.full((10, 4), 0.25)) == pytest.approx(1.0)
    assert inception_score(np.eye(4)) == pytest.approx(4.0)
    same = np.tile(np.array([0.7, 0.2, 0.1]), (5, 3, 1))
    assert conditional_inception_score(same) == pytest.approx(1.0)
    diverse = np.stack([np.eye(3)] * 5)  # 3 outputs, 3 different classes
    assert conditional_inception_score(diverse) == pytest.approx(3.0)


def test_lpips_diversity_zero_for_identical_outputs():
    dist = build_lpips(pretrained=False)
    torch.manual_seed(0)
    x = torch.rand(1, 3, 32, 32) * 2 - 1
    assert lpips_diversity(dist, x.repeat(20, 1, 1, 1)) == 0.0
    varied = torch.rand(20, 3, 32, 32) * 2 - 1
    assert lpips_diversity(dist, varied) > 0.01
    with pytest.raises(ValueError, match='need 20 outputs'):
        lpips_diversity(dist, varied[:5])


def test_missing_pretrained_weights_name_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv('TORCH_HOME', str(tmp_path))
    with pytest.raises(FileNotFoundError,
                       match=r'pt_inception-2015-12-05-6726825d.pth.*'
                       + str(tmp_path)):
        InceptionFeatures()
    with pytest.raises(FileNotFoundError, match='alexnet-owt-7be5be79.pth'):
        build_lpips(pretrained=True)


def _pred(img, domain, target, path, masks=None):
    h, w = img.shape[1:]
    return dict(pred_img=img, domain=domain, target_domain=target,
                img_path=path,
                gt_instances=dict(masks=masks if masks is not None else
                                  torch.ones(1, h, w, dtype=torch.bool)))


def test_fid_metric_against_reference_folder(shapes_root):
    folder, imgs = _shapes_images(shapes_root, 'giraffe')
    metric = FIDMetric(reference=dict(giraffe=folder),
                       feature_net=dict(type='RandomConvFeatures'))
    metric.process({}, [_pred(i, 'sheep', 'giraffe', str(k))
                        for k, i in enumerate(imgs)])
    same = metric.compute_metrics(metric.rows())['sheep2giraffe']
    _, sheep = _shapes_images(shapes_root, 'sheep')
    metric.results = []
    metric.process({}, [_pred(i, 'sheep', 'giraffe', str(k))
                        for k, i in enumerate(sheep)])
    other = metric.compute_metrics(metric.rows())['sheep2giraffe']
    assert same == pytest.approx(0, abs=1e-5) and other > same


def test_inception_score_metric_groups_styles():
    metric = InceptionScoreMetric(classifier=dict(type='TinyClassifier',
                                                  num_classes=3))
    img = torch.zeros(3, 8, 8, dtype=torch.uint8)
    metric.process({}, [_pred(img, 'a', 'b', 'x.png') for _ in range(3)])
    res = metric.compute_metrics(metric.rows())
    assert res['a2b/IS'] == pytest.approx(1.0)
    assert res['a2b/CIS'] == pytest.approx(1.0)


def test_classification_score_with_trained_classifier(shapes_root,
                                                      tmp_path):
    from mmi2i.evaluation.classifier_training import train_domain_classifier
    ckpt = train_domain_classifier(
        shapes_root, ['sheep', 'giraffe'],
        dict(type='TinyClassifier', num_classes=2), masked=False, size=32,
        iters=150, batch_size=16, lr=2e-3)
    assert ckpt['meta']['train_accuracy'] > 90
    path = str(tmp_path / 'cls.pth')
    torch.save(ckpt, path)
    metric = ClassificationScoreMetric(path)
    _, giraffes = _shapes_images(shapes_root, 'giraffe', 'train')
    _, sheep = _shapes_images(shapes_root, 'sheep', 'train')
    # real giraffes "translated" to giraffe score high; untouched sheep low
    metric.process({}, [_pred(i, 'giraffe', 'giraffe', '') for i in giraffes]
                   + [_pred(i, 'sheep', 'giraffe', '') for i in sheep])
    res = metric.compute_metrics(metric.rows())
    assert res['giraffe2giraffe'] > 80 and res['sheep2giraffe'] < 20


def test_lpips_diversity_metric_groups_the_styles_of_each_input():
    from mmi2i.evaluation import LPIPSDiversityMetric
    metric = LPIPSDiversityMetric(pretrained=False)
    rng = torch.Generator().manual_seed(0)
    same = torch.randint(0, 255, (3, 32, 32), generator=rng,
                         dtype=torch.uint8)
    rows = []
    for k in range(3):  # x.png: three identical outputs
        rows.append(dict(_pred(same, 'a', 'b', 'x.png'), style_index=k))
    for k in range(3):  # y.png: three different outputs
        img = torch.randint(0, 255, (3, 32, 32), generator=rng,
                            dtype=torch.uint8)
        rows.append(dict(_pred(img, 'a', 'b', 'y.png'), style_index=k))
    metric.process({}, rows[:3])
    assert metric.compute_metrics(metric.rows())['a2b'] == \
        pytest.approx(0.0, abs=1e-6)
    metric.results.clear()
    metric.process({}, rows)
    both = metric.compute_metrics(metric.rows())['a2b']
    assert both > 0.005  # the mean of y's (> 0) and x's (0)
    # through the evaluator's path: results are counted per input, so the
    # truncation to the dataset's length (2 inputs) keeps all 6 outputs
    assert metric.evaluate(2)['lpips_div/a2b'] == pytest.approx(both)
    metric.process({}, rows)
    metric.results.clear()
    metric.process({}, rows[3:4])  # one output per input: nothing to compare
    with pytest.raises(ValueError, match='test_num_styles'):
        metric.compute_metrics(metric.rows())
