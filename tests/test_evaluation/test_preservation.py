import math

import pytest
import torch
from mmengine.structures import InstanceData

from mmi2i.evaluation import PreservationMetric, region_l1
from mmi2i.structures import TranslationDataSample


def test_region_l1():
    src = torch.zeros(3, 2, 2, dtype=torch.uint8)
    out = src.clone()
    out[:, 0, 0] = 255
    fg = torch.tensor([[True, False], [False, False]])
    assert region_l1(src, out, fg) == 1.0
    assert region_l1(src, out, ~fg) == 0.0
    assert math.isnan(region_l1(src, out, torch.zeros(2, 2, dtype=bool)))


def test_metric_by_task():
    src = torch.zeros(3, 2, 2, dtype=torch.uint8)
    s = TranslationDataSample(metainfo=dict(domain='a', sample_idx=0))
    s.gt_instances = InstanceData(
        masks=torch.tensor([[[True, True], [False, False]]]))
    batch = dict(inputs=dict(a=[src]), data_samples=dict(a=[s]))
    pred = s.clone()
    out = src.clone()
    out[:, 0] = 51  # instance row changes by 0.2, background untouched
    pred.pred_img = out
    pred.set_metainfo(dict(target_domain='b'))
    metric = PreservationMetric()
    metric.process(batch, [pred.to_dict()])
    res = metric.compute_metrics(metric.rows())
    assert res['a2b/l1_fg'] == pytest.approx(0.2)
    assert res['a2b/l1_bg'] == 0.0


def test_background_outside_both_masks():
    src = torch.zeros(3, 2, 2, dtype=torch.uint8)
    s = TranslationDataSample(metainfo=dict(domain='a', sample_idx=0))
    s.gt_instances = InstanceData(
        masks=torch.tensor([[[True, False], [False, False]]]))
    batch = dict(inputs=dict(a=[src]), data_samples=dict(a=[s]))
    pred = s.clone()
    out = src.clone()
    out[:, 0, 1] = 255  # changed where the *translated* mask grew
    pred.pred_img = out
    pred.pred_instances = InstanceData(
        masks=torch.tensor([[[False, True], [False, False]]]))
    pred.set_metainfo(dict(target_domain='b'))
    metric = PreservationMetric()
    metric.process(batch, [pred.to_dict()])
    res = metric.compute_metrics(metric.rows())
    assert res['a2b/l1_bg'] == pytest.approx(1 / 3)
    assert res['a2b/l1_bg_both'] == 0.0
