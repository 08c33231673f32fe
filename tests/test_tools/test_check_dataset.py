"""tools/analysis/check_dataset.py lists every problem with its file."""
import json

from mmi2i.apis import read_config
from mmi2i.datasets.converters import generate_shapes
from utils import REPO, load_tool


def test_check_dataset_lists_every_problem(tmp_path, capsys):
    root = tmp_path / 'd'
    generate_shapes(str(root), 'pair', dict(train=3, test=2), size=32)
    img_dir = root / 'images' / 'sheep_train'
    (img_dir / 'sheep_train_00001.png').write_bytes(b'not a png')
    ann = root / 'annotations' / 'giraffe_test.json'
    data = json.loads(ann.read_text())
    data['annotations'][0]['segmentation'] = [[40, 40, 50, 40, 50, 50]]
    ann.write_text(json.dumps(data))
    cfg = read_config(f'{REPO}/configs/instagan/shapes.py')
    for key in ('train_dataloader', 'test_dataloader', 'val_dataloader'):
        cfg[key].dataset.data_root = str(root)
    cfg_path = tmp_path / 'cfg.py'
    cfg.dump(str(cfg_path))
    mod = load_tool('tools/analysis/check_dataset.py')
    assert mod.main([str(cfg_path)]) == 1
    out = capsys.readouterr().out
    assert '2 problem(s)' in out
    assert 'sheep_train_00001.png' in out
    assert 'giraffe_test.json: annotation' in out and 'empty' in out
    # fixed data passes
    generate_shapes(str(root), 'pair', dict(train=3, test=2), size=32)
    assert mod.main([str(cfg_path)]) == 0
