import pytest
import torch
from mmengine.structures import InstanceData

from mmi2i.models.data_preprocessors import TranslationDataPreprocessor
from mmi2i.structures import TranslationDataSample


def _sample(n, h=4, w=4, path='x.png'):
    s = TranslationDataSample(metainfo=dict(img_path=path))
    masks = torch.zeros(n, h, w, dtype=torch.bool)
    for k in range(n):
        masks[k, k] = True
    s.gt_instances = InstanceData(masks=masks, labels=torch.zeros(n).long(),
                                  bboxes=torch.zeros(n, 4))
    return s


def test_normalize_and_pad():
    pre = TranslationDataPreprocessor()
    imgs = [torch.full((3, 4, 4), 0, dtype=torch.uint8),
            torch.full((3, 4, 4), 255, dtype=torch.uint8)]
    out = pre(dict(inputs=dict(a=imgs), data_samples=dict(
        a=[_sample(1), _sample(3)])))
    a = out['inputs']['a']
    assert a['img'][0].eq(-1).all() and a['img'][1].eq(1).all()
    assert a['masks'].shape == (2, 3, 4, 4)
    assert a['valid'].tolist() == [[True, False, False], [True, True, True]]
    # sample 0's padded slots are empty, sets are not merged across samples
    assert a['masks'][0, 1:].sum() == 0 and a['masks'][0, 0, 0].all()
    assert pre.destruct(a['img'])[1].eq(255).all()


def test_size_mismatch_names_files():
    pre = TranslationDataPreprocessor()
    imgs = [torch.zeros(3, 4, 4, dtype=torch.uint8),
            torch.zeros(3, 5, 4, dtype=torch.uint8)]
    with pytest.raises(ValueError, match='b.png'):
        pre(dict(inputs=dict(a=imgs), data_samples=dict(
            a=[_sample(1, path='a.png'), _sample(1, 5, 4, path='b.png')])))


def test_float64_outputs():
    """dtype='float64' gives images, masks and boxes in float64, with the
    values float32 rounds (127 / 127.5 - 1 is not a float32)."""
    imgs = [torch.full((3, 4, 4), 127, dtype=torch.uint8)]
    data = dict(inputs=dict(a=imgs), data_samples=dict(a=[_sample(2)]))
    a32 = TranslationDataPreprocessor()(data)['inputs']['a']
    a64 = TranslationDataPreprocessor(dtype='float64')(data)['inputs']['a']
    for key in ('img', 'masks', 'boxes'):
        assert a32[key].dtype == torch.float32
        assert a64[key].dtype == torch.float64
    assert a64['img'][0, 0, 0, 0].item() == (127 - 127.5) / 127.5
    assert a32['img'][0, 0, 0, 0].item() != (127 - 127.5) / 127.5
    assert torch.equal(a64['masks'].float(), a32['masks'])
    with pytest.raises(ValueError, match='dtype'):
        TranslationDataPreprocessor(dtype='float16')
