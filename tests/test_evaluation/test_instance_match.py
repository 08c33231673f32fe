"""Hand-built cases for MMR / MODS / MVIS (docs/evaluation.md)."""
import numpy as np
import pytest

from mmi2i.evaluation import (mask_iou_matrix, match_instances,
                              summarize_matches)

H = W = 10
SHEEP, GIRAFFE = 0, 1


def box(x1, y1, x2, y2):
    m = np.zeros((H, W), bool)
    m[y1:y2, x1:x2] = True
    return m


A, B = box(0, 0, 4, 4), box(5, 5, 10, 10)


def run(gen, det, scores, labels, **kw):
    return match_instances(np.stack(gen), np.stack(det) if det else
                           np.zeros((0, H, W), bool), scores, labels,
                           GIRAFFE, **kw)


def test_perfect_match():
    rec = run([A], [A], [0.9], [GIRAFFE])
    assert rec == [(True, 0.9, 1.0)]
    s = summarize_matches([rec])
    assert (s['MMR'], s['MODS'], s['MVIS']) == (100.0, 90.0, 100.0)


def test_no_detection_and_wrong_class():
    assert run([A], [], [], []) == [(False, 0.0, 0.0)]
    assert run([A], [A], [0.99], [SHEEP]) == [(False, 0.0, 0.0)]
    s = summarize_matches([run([A], [A], [0.99], [SHEEP])])
    assert (s['MMR'], s['MODS'], s['MVIS']) == (0.0, 0.0, 0.0)


def test_two_instances_swapped():
    rec = run([A, B], [B, A], [0.8, 0.6], [GIRAFFE, GIRAFFE])
    assert rec == [(True, 0.6, 1.0), (True, 0.8, 1.0)]
    s = summarize_matches([rec])
    assert s['MMR'] == 100.0 and s['MODS'] == pytest.approx(70.0)


def test_low_score_detection():
    assert run([A], [A], [0.2], [GIRAFFE]) == [(False, 0.0, 0.0)]
    matched = run([A], [A], [0.2], [GIRAFFE], score_thr=0.1)
    assert matched == [(True, 0.2, 1.0)]


def test_iou_threshold_and_value():
    half = box(0, 0, 4, 2)  # IoU with A = 8 / 16 = 0.5
    assert run([A], [half], [0.9], [GIRAFFE], iou_thr=0.6)[0][0] is False
    matched = run([A], [half], [0.9], [GIRAFFE], iou_thr=0.5)
    assert matched == [(True, 0.9, 0.5)]


def test_one_to_one_assignment_maximizes_matches():
    g1, g2 = box(0, 0, 10, 10), box(2, 0, 9, 10)
    d1, d2 = box(0, 0, 9, 10), box(0, 0, 7, 10)
    iou = mask_iou_matrix(np.stack([g1, g2]), np.stack([d1, d2]))
    np.testing.assert_allclose(iou, [[0.9, 0.7], [7 / 9, 5 / 9]])
    # greedy (best IoU first) would take g1-d1 and leave g2 unmatched
    rec = run([g1, g2], [d1, d2], [0.9, 0.6], [GIRAFFE, GIRAFFE],
              iou_thr=0.7)
    assert rec[0] == (True, 0.6, pytest.approx(0.7))
    assert rec[1] == (True, 0.9, pytest.approx(7 / 9))


def test_empty_generated_mask_counts_as_unmatched():
    empty = np.zeros((H, W), bool)
    assert run([empty, A], [A], [0.9], [GIRAFFE]) == [(False, 0.0, 0.0),
                                                      (True, 0.9, 1.0)]


def test_instance_versus_image_average():
    img1 = [(True, 0.9, 1.0), (True, 0.7, 0.8)]
    img2 = [(False, 0.0, 0.0)]
    inst = summarize_matches([img1, img2], 'instance')
    img = summarize_matches([img1, img2, []], 'image')
    assert inst['MMR'] == pytest.approx(200 / 3)
    assert img['MMR'] == pytest.approx(50.0)
    assert img['MODS'] == pytest.approx(40.0)
    assert np.isnan(summarize_matches([[]])['MMR'])
