import json
import os

import numpy as np
from PIL import Image

from mmi2i.apis import init_model, synthesize_dataset
from utils import tiny_model_files


def test_synthesize_keeps_annotations_and_resumes(shapes_root, tmp_path):
    cfg_path, ckpt = tiny_model_files('configs/cyclegan_seg/shapes.py',
                                      shapes_root, tmp_path)
    model = init_model(cfg_path, ckpt)
    ann = os.path.join(shapes_root, 'annotations', 'sheep_test.json')
    img_dir = os.path.join(shapes_root, 'images', 'sheep_test')
    out = str(tmp_path / 'synth')
    res = synthesize_dataset(model, ann, img_dir, out, 'sheep', 'giraffe',
                             batch_size=3, progress=False)
    assert (res['translated'], res['skipped']) == (4, 0)
    src, dst = json.load(open(ann)), json.load(open(res['ann_file']))
    assert dst['annotations'] == src['annotations']
    assert dst['info']['mmi2i']['target_domain'] == 'giraffe'
    for a, b in zip(src['images'], dst['images']):
        img = np.array(Image.open(os.path.join(out, b['file_name'])))
        assert img.shape == (a['height'], a['width'], 3)
    # an interrupted run resumes: only missing images are translated
    os.remove(os.path.join(out, dst['images'][1]['file_name']))
    res = synthesize_dataset(model, ann, img_dir, out, 'sheep', 'giraffe',
                             progress=False)
    assert (res['translated'], res['skipped']) == (1, 3)
    assert not [f for f in os.listdir(os.path.join(out, 'images'))
                if f.endswith('.part.png')]
