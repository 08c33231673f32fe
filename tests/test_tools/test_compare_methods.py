"""tools/analysis/compare_methods.py end to end in miniature: two methods
trained for 2 iterations, one broken config, the table, CSV, JSON, plot
and grid, and a second call that redoes nothing."""
import csv
import json
import os

from utils import REPO, load_tool


def test_two_method_miniature(shapes_root, tmp_path):
    broken = tmp_path / 'broken.py'
    broken.write_text(f"_base_ = '{REPO}/configs/cyclegan/shapes.py'\n"
                      "model = dict(losses=dict(identiy=None))\n")
    work = tmp_path / 'compare'
    argv = ['--configs', 'configs/cyclegan/shapes.py',
            'configs/munit/shapes.py', str(broken), '--data-root',
            shapes_root, '--pair', 'sheep', 'giraffe', '--train-iters', '2',
            '--num-styles', '2', '--grid-images', '2', '--work-dir',
            str(work)]
    tool = load_tool('tools/analysis/compare_methods.py')
    rows = tool.main(argv)
    by = {r['method']: r for r in rows}
    assert by['cyclegan']['status'] == 'ok' and by['munit']['status'] == 'ok'
    (failed, ) = [r for r in rows if r['method'] not in by or
                  r['method'] not in ('cyclegan', 'munit')]
    assert failed['status'].startswith('failed (seed 0)')  # the others go on
    for name in ('cyclegan', 'munit'):
        cells = by[name]['cells']
        for key in ('fid', 'l1_bg', 'params_m', 's_per_iter', 'peak_mb',
                    'img_per_s'):
            assert key in cells, (name, key)
    assert 'lpips' in by['munit']['cells']  # multimodal only
    assert 'lpips' not in by['cyclegan']['cells']
    table = (work / 'comparison.md').read_text()
    assert '| cyclegan |' in table and '| munit |' in table
    assert '**' in table and 'Commit' in table and '--train-iters 2' in table
    with open(work / 'comparison.csv') as f:
        assert len(list(csv.reader(f))) == 4  # header + 3 methods
    assert json.loads((work / 'comparison.json').read_text())['rows']
    for png in ('comparison_plot.png', 'comparison_grid.png'):
        assert (work / png).stat().st_size > 1000

    # resumed: nothing is trained or tested again
    stamp = os.path.getmtime(work / 'munit' / 'seed0' / 'train.json')
    again = tool.main(argv)
    assert os.path.getmtime(work / 'munit' / 'seed0' / 'train.json') == stamp
    assert [r['cells'] for r in again][:2] == [r['cells'] for r in rows][:2]
